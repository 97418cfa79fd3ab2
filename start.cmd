@echo off
rem Fichas on Windows: find Java 17+, build the jars when they are missing, then hand over to the
rem Java CLI (supervisor\target\fichas-supervisor.jar), where all the logic lives and is tested.
rem   start.cmd                 the admin menu
rem   start.cmd start [-d]      start (foreground; -d/--daemon: in the background, wait until healthy)
rem   start.cmd stop ^| status ^| reload ^| restart NAME ^| logs [NAME] ^| loadtest PLAN [key=value...]
rem   start.cmd backup ^| backups ^| restore [NAME^|FILE.zip] [--yes]
setlocal
set "FICHAS_HOME=%~dp0"
if "%FICHAS_HOME:~-1%"=="\" set "FICHAS_HOME=%FICHAS_HOME:~0,-1%"
cd /d "%FICHAS_HOME%"

set "JAVA_EXE="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if not defined JAVA_EXE for %%j in (java.exe) do if not "%%~$PATH:j"=="" set "JAVA_EXE=%%~$PATH:j"
if not defined JAVA_EXE (
  echo Fichas needs Java 17 or later, and none was found: install a JDK or set JAVA_HOME. 1>&2
  exit /b 1
)

rem "call" keeps cmd from stripping the quotes around a path with spaces.
set "JAVA_SPEC="
for /f "tokens=2 delims==" %%v in ('call "%JAVA_EXE%" -XshowSettings:properties -version 2^>^&1 ^| findstr java.specification.version') do set "JAVA_SPEC=%%v"
set "JAVA_SPEC=%JAVA_SPEC: =%"
set "JAVA_MAJOR=0"
for /f "tokens=1 delims=." %%m in ("%JAVA_SPEC%") do set "JAVA_MAJOR=%%m"
if "%JAVA_MAJOR%"=="1" set "JAVA_MAJOR=0"
if %JAVA_MAJOR% LSS 17 (
  echo Fichas needs Java 17 or later, but "%JAVA_EXE%" is version %JAVA_SPEC%: install a newer JDK or set JAVA_HOME. 1>&2
  exit /b 1
)

if not exist "supervisor\target\fichas-supervisor.jar" goto build
if not exist "instance\target\fichas-instance.jar" goto build
goto run
:build
echo Building Fichas (once; takes a minute)...
call mvnw.cmd -q -B package -DskipTests
if errorlevel 1 (
  echo The build failed; run "mvnw.cmd -B package -DskipTests" to see why. 1>&2
  exit /b 1
)

:run
rem The supervisor's own JVM: the balancer and the instances run in JVMs of their own. An out-of-memory
rem error ends it (and the service manager starts it again) instead of leaving a zombie.
if not defined FICHAS_JAVA_OPTS set "FICHAS_JAVA_OPTS=-Xms16m -Xmx128m -XX:+UseSerialGC"
"%JAVA_EXE%" %FICHAS_JAVA_OPTS% -XX:+ExitOnOutOfMemoryError -jar "supervisor\target\fichas-supervisor.jar" %*
exit /b %ERRORLEVEL%
