package fichas.observability.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Files and directories that only their owner can read: {@code 0700} directories and {@code 0600} files
 * on POSIX, an ACL with one entry (the owner, full control) on Windows. Every module that creates files
 * (instance: data, media, logs; supervisor: token, pid files, outputs; balancer) creates them through
 * this class, and each process tightens what already exists at start ({@link #tightenTree}), logging
 * what it changed. Files written by libraries (SQLite's WAL, Logback's rolled archives) inherit the
 * protection of their owner-only directory, and are tightened at the next start.
 * Stateless; thread-safe. Symbolic links are never followed.
 */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /** Creates {@code dir} and any missing parents, each new one owner-only; {@code dir} itself is tightened. */
    public static Path directories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        for (Path p = absolute; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                if (POSIX) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } else {
                    Files.createDirectory(p);
                }
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it meanwhile: tightened below like any existing one
            }
            restrict(p);
        }
        restrict(absolute);
        return dir;
    }

    /** {@link #directories} for callers that cannot throw {@link IOException}. */
    public static Path directoriesUnchecked(Path dir) {
        try {
            return directories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("directory " + dir + " cannot be created", e);
        }
    }

    /** The attributes to pass when creating a file ({@code Files.createFile}, {@code FileChannel.open}): owner-only on POSIX. */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Creates {@code file} empty and owner-only if it does not exist; tightens it if it does. */
    public static Path touch(Path file) throws IOException {
        directories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, fileAttributes());
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            // kept as it is, tightened below
        }
        restrict(file);
        return file;
    }

    /** Writes {@code content} to {@code file}, replacing it; the file is owner-only before the first byte. */
    public static void writeString(Path file, String content, Charset charset) throws IOException {
        directories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, fileAttributes());
        restrict(file);
        Files.writeString(file, content, charset, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    }

    /**
     * Makes one existing file ({@code 0600}) or directory ({@code 0700}) owner-only, keeping the owner's
     * own bits. Returns true when it was looser and has been changed. A symbolic link is left alone.
     */
    public static boolean restrict(Path path) throws IOException {
        if (Files.isSymbolicLink(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        if (POSIX) {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> wanted = EnumSet.copyOf(now);
            wanted.removeAll(GROUP_OR_OTHERS);
            wanted.add(PosixFilePermission.OWNER_READ);
            wanted.add(PosixFilePermission.OWNER_WRITE);
            if (directory) {
                wanted.add(PosixFilePermission.OWNER_EXECUTE);
            }
            if (wanted.equals(now)) {
                return false;
            }
            Files.setPosixFilePermissions(path, wanted);
            return true;
        }
        return restrictAcl(path, directory);
    }

    private static boolean restrictAcl(Path path, boolean directory) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(path, AclFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return false;
        }
        UserPrincipal owner = view.getOwner();
        List<AclEntry> current = view.getAcl();
        boolean onlyOwner = !current.isEmpty() && current.stream().allMatch(e -> e.principal().equals(owner));
        if (onlyOwner) {
            return false;
        }
        AclEntry.Builder entry = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class));
        if (directory) {
            entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        }
        view.setAcl(List.of(entry.build()));
        return true;
    }

    /**
     * Tightens {@code root} and everything below it (a start-up sweep). Logs one WARN line naming how
     * many entries were looser, and a few of them; returns that count. Unreadable entries are skipped.
     */
    public static int tightenTree(Path root, Logger log) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        List<Path> changed = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    note(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() || attrs.isDirectory()) {
                        note(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                private void note(Path path) throws IOException {
                    try {
                        if (restrict(path)) {
                            changed.add(path);
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // deleted while we walked (a media temp file, a rolled log)
                    }
                }
            });
        } catch (IOException e) {
            log.warn("permissions under {} could not all be checked: {}", root, e.toString());
        }
        if (!changed.isEmpty()) {
            log.warn("{}: {} files or directories were readable by other users and are now owner-only, e.g. {}",
                    root, changed.size(), changed.subList(0, Math.min(5, changed.size())));
        }
        return changed.size();
    }

    /** True on file systems with POSIX permissions (Linux, macOS); false on Windows (ACLs). */
    public static boolean posix() {
        return POSIX;
    }
}
