package fichas.supervisor.process;

import fichas.observability.files.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Application class-data sharing for the instance jar: the classes an instance loads (Undertow, Jackson, SQLite,
 * HikariCP, Logback...) are mapped from an archive instead of parsed and verified again, which about halves an
 * instance's start (measured: ~1.0 s → ~0.55 s to healthy alone, 2.6–3.1 s → 1.2–1.6 s three at once on two
 * cores; docs/PERFORMANCE.md). While no archive exists,
 * instances run with {@code -XX:ArchiveClassesAtExit}, so the first graceful stop writes one; a crash or kill
 * writes nothing and the next stop tries again. The archive name carries the jar's size and time and the Java
 * version, so a rebuilt jar or another JDK gets a new archive instead of a mismatch warning.
 */
public final class CdsArchive {
    private static final Logger log = LoggerFactory.getLogger(CdsArchive.class);

    private final String prefix;
    private final Path dir;
    private final Path archive;

    private CdsArchive(String prefix, Path dir, Path archive) {
        this.prefix = prefix;
        this.dir = dir;
        this.archive = archive;
    }

    /** The instances' archive ({@code data/cds/instance-*.jsa}). */
    public static CdsArchive forJar(Path jar, Path dataDir) {
        return forJar("instance", jar, dataDir);
    }

    /**
     * The archive of the children started from {@code jar} under the name {@code prefix} ({@code instance},
     * {@code balancer}): each kind of child loads other classes, so each has its own archive.
     */
    public static CdsArchive forJar(String prefix, Path jar, Path dataDir) {
        Path dir = dataDir.resolve("cds");
        String key;
        try {
            key = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            key = "unknown";
        }
        String name = prefix + "-" + key + "-java" + Runtime.version().feature() + "." + Runtime.version().update() + ".jsa";
        CdsArchive cds = new CdsArchive(prefix, dir, dir.resolve(name));
        cds.adoptPending();
        return cds;
    }

    /**
     * Keeps an archive the previous run's instances wrote while that supervisor was already on its way out.
     * Called before any instance of this run starts, so no pending file is still being written.
     */
    private synchronized void adoptPending() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, archive.getFileName() + ".*.tmp")) {
            for (Path f : files) {
                if (!Files.isRegularFile(archive) && Files.size(f) > 0) {
                    Files.move(f, archive, StandardCopyOption.ATOMIC_MOVE);
                    log.info("class-data archive {} kept from the previous run", archive);
                } else {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            log.warn("class-data archives in {} could not be checked: {}", dir, e.toString());
        }
    }

    /** The JVM options for the next spawn of instance {@code id}. */
    public synchronized List<String> options(String id) {
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        }
        try {
            OwnerOnly.directories(dir);
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:ArchiveClassesAtExit=" + pending(id));
    }

    /** After instance {@code id} exited: keep the archive it wrote, if it wrote one and there is none yet. */
    public synchronized void exited(String id) {
        Path pending = pending(id);
        try {
            if (!Files.isRegularFile(archive) && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
                OwnerOnly.restrict(archive);
                log.info("{} {} wrote the class-data archive {}; later starts use it", prefix, id, archive);
                removeStale();
            }
            Files.deleteIfExists(pending);
        } catch (IOException e) {
            log.warn("class-data archive {} could not be kept: {}", archive, e.toString());
        }
    }

    private Path pending(String id) {
        return dir.resolve(archive.getFileName() + "." + id + ".tmp");
    }

    private void removeStale() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "-*.jsa")) {
            for (Path f : files) {
                if (!f.equals(archive)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
