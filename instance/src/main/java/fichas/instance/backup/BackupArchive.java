package fichas.instance.backup;

import fichas.observability.files.Fsync;
import fichas.observability.files.OwnerOnly;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One backup as a single zip file, for copying off the machine: {@code manifest.json},
 * {@code fichas.db} and {@code media/<sha256>}, nothing else. Written as a stream (never held in
 * memory); read back only with exactly these names, so an archive cannot write outside the directory
 * it is extracted into, and anything else in it marks it as foreign.
 */
public final class BackupArchive {
    /** The least an extraction leaves free on the data directory's disk. */
    static final long MIN_FREE_BYTES = 256L << 20;

    public static final String CONTENT_TYPE = "application/zip";

    private BackupArchive() {
    }

    static void write(Path backup, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        add(zip, backup.resolve(BackupManifest.FILE), BackupManifest.FILE);
        add(zip, backup.resolve(BackupManifest.DATABASE), BackupManifest.DATABASE);
        for (Path file : mediaFiles(backup.resolve(BackupManifest.MEDIA))) {
            add(zip, file, BackupManifest.MEDIA + "/" + file.getFileName());
        }
        zip.finish();
        zip.flush();
    }

    private static List<Path> mediaFiles(Path media) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(media)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(media)) {
                for (Path file : entries) {
                    if (FileHashes.MEDIA_NAME.matcher(file.getFileName().toString()).matches()) {
                        files.add(file);
                    }
                }
            }
        }
        files.sort(null);
        return files;
    }

    private static void add(ZipOutputStream zip, Path file, String entryName) throws IOException {
        zip.putNextEntry(new ZipEntry(entryName));
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    /**
     * Extracts an archive into the empty directory {@code target}; {@link BackupException} ("not a
     * Fichas backup archive") on any entry but the expected ones, on a duplicate, or when the zip
     * itself is damaged.
     */
    public static void extract(Path archive, Path target) {
        long budget;
        try {
            FileStore disk = Files.getFileStore(OwnerOnly.directories(target));
            // The staging directory is on the data directory's disk, while Fichas serves: never fill it.
            budget = disk.getUsableSpace() - reserve(disk.getTotalSpace());
        } catch (IOException e) {
            throw new BackupException("cannot extract " + archive + " into " + target + ": " + e.getMessage(), e);
        }
        extract(archive, target, budget);
    }

    /** What an extraction leaves free: 5 % of the disk, at least 256 MiB and at most 1 GiB. */
    static long reserve(long totalBytes) {
        return Math.max(MIN_FREE_BYTES, Math.min(totalBytes / 20, 4 * MIN_FREE_BYTES));
    }

    /** As {@link #extract(Path, Path)}, writing at most {@code budget} bytes in all. */
    static void extract(Path archive, Path target, long budget) {
        long left = budget;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            OwnerOnly.directories(target);
            Path media = OwnerOnly.directories(target.resolve(BackupManifest.MEDIA));
            ZipEntry entry;
            int entries = 0;
            while ((entry = zip.getNextEntry()) != null) {
                Path destination = destination(entry.getName(), target, media);
                if (destination == null) {
                    continue;
                }
                if (Files.exists(destination)) {
                    throw new BackupException("damaged archive " + archive + ": " + entry.getName() + " appears twice");
                }
                left -= copyAtMost(zip, destination, left, archive);
                OwnerOnly.restrict(destination);
                Fsync.file(destination); // a restore links these very files into the data directory
                entries++;
            }
            if (entries == 0) {
                throw new BackupException("not a Fichas backup archive: " + archive + " is empty or not a zip file");
            }
        } catch (IOException e) {
            throw new BackupException("damaged archive " + archive + ": " + e.getMessage(), e);
        }
    }

    /** Copies one entry, refusing (and deleting what it wrote) past {@code limit} bytes; returns the bytes written. */
    private static long copyAtMost(InputStream in, Path destination, long limit, Path archive) throws IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                written += n;
                if (written > limit) {
                    throw new BackupException("archive " + archive + " unpacks to more than the disk of the data directory "
                            + "can take while keeping 5 % of it (256 MiB to 1 GiB) free; free some space first");
                }
                out.write(buffer, 0, n);
            }
        } catch (BackupException | IOException e) {
            Files.deleteIfExists(destination);
            throw e;
        }
        return written;
    }

    private static Path destination(String name, Path target, Path media) {
        if (name.equals(BackupManifest.FILE) || name.equals(BackupManifest.DATABASE)) {
            return target.resolve(name);
        }
        if (name.equals(BackupManifest.MEDIA + "/")) {
            return null;
        }
        if (name.startsWith(BackupManifest.MEDIA + "/")) {
            String file = name.substring(BackupManifest.MEDIA.length() + 1);
            if (FileHashes.MEDIA_NAME.matcher(file).matches()) {
                return media.resolve(file);
            }
        }
        throw new BackupException("not a Fichas backup archive: unexpected entry '" + printable(name) + "'");
    }

    private static String printable(String name) {
        String cleaned = name.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 120 ? cleaned.substring(0, 120) + "…" : cleaned;
    }
}
