#!/usr/bin/env bash
# Fichas on Linux and macOS: find Java 17+, build the jars when they are missing, then hand over to the
# Java CLI (supervisor/target/fichas-supervisor.jar), where all the logic lives and is tested.
#   ./start.sh                 the admin menu
#   ./start.sh start [-d]      start (foreground; -d/--daemon: in the background, wait until healthy)
#   ./start.sh stop | status | reload | restart NAME | logs [NAME] | loadtest PLAN [key=value...]
#   ./start.sh backup | backups | restore [NAME|FILE.zip] [--yes]   (README: Backups and restore)
#   ./start.sh migrate-to-postgres jdbc:postgresql://HOST:5432/DB [--force]   (docs/POSTGRESQL.md)
set -euo pipefail

FICHAS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export FICHAS_HOME
cd "$FICHAS_HOME"

# Everything Fichas writes (database, media, backups, logs, tokens) is for this user only; the Java code
# also creates its files owner-only and tightens older ones at start, so this is a second fence.
umask 077

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  JAVA="$(command -v java)"
else
  echo "Fichas needs Java 17 or later, and none was found: install a JDK (e.g. 'apt install openjdk-17-jdk')" >&2
  echo "or set JAVA_HOME to one." >&2
  exit 1
fi

spec="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
major="${spec%%.*}"
if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$major" -lt 17 ]; then
  echo "Fichas needs Java 17 or later, but $JAVA is version ${spec:-unknown}: install a newer JDK or set JAVA_HOME." >&2
  exit 1
fi

SUPERVISOR_JAR="supervisor/target/fichas-supervisor.jar"
if [ ! -f "$SUPERVISOR_JAR" ] || [ ! -f "instance/target/fichas-instance.jar" ]; then
  echo "Building Fichas (once; takes a minute)..."
  ./mvnw -q -B package -DskipTests
fi

# exec: Ctrl-C and service managers' signals reach the supervisor JVM itself, which stops gracefully.
# The supervisor's own JVM (the balancer and the instances run in JVMs of their own); an out-of-memory error
# ends it (and the service manager starts it again, its children stop themselves) instead of leaving a zombie.
# shellcheck disable=SC2086
exec "$JAVA" ${FICHAS_JAVA_OPTS:--Xms16m -Xmx128m -XX:+UseSerialGC} -XX:+ExitOnOutOfMemoryError -jar "$SUPERVISOR_JAR" "$@"
