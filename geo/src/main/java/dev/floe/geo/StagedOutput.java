package dev.floe.geo;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A file or directory being written under a temporary sibling name ({@code .NAME.partial-…}) that takes its final
 * name by an atomic rename in {@link #commit()}, or is removed by {@link #close()} when the writer fails first. The
 * temporary file or directory is readable by its owner only (0600 / 0700) where the file system has POSIX
 * permissions, since a half-written output is nobody else's business; once committed it has the permissions a plain
 * {@link Files#createFile} or {@link Files#createDirectory} would have given it (those the process umask allows,
 * e.g. 0644 / 0755 under umask 022), so that the group can read what floe made as it can read other files.
 *
 * <p>Use it, in try-with-resources, where the writing spans more than one call (a directory filled during a run and
 * committed at its end); {@link AtomicFiles} covers the one-call cases. Not thread-safe: one writer per instance.
 */
public final class StagedOutput implements AutoCloseable {

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path target;
    private final Path temporary;
    private final boolean directory;
    /** What the umask gave the temporary at its creation, restored before the commit; null without POSIX. */
    private final Set<PosixFilePermission> committedPermissions;
    private boolean committed;

    private StagedOutput(Path target, Path temporary, boolean directory, Set<PosixFilePermission> committedPermissions) {
        this.target = target;
        this.temporary = temporary;
        this.directory = directory;
        this.committedPermissions = committedPermissions;
    }

    /** Starts a file that will become {@code target}; its parent directories are created. */
    public static StagedOutput file(Path target) throws IOException {
        return start(target, false);
    }

    /** Starts a directory that will become {@code target}; its parent directories are created. */
    public static StagedOutput directory(Path target) throws IOException {
        return start(target, true);
    }

    /**
     * Creates the temporary as a plain file or directory would be (Files.createTempFile and createTempDirectory
     * ignore the umask and make it owner-only), notes the permissions it got, and makes it owner-only until the
     * commit gives them back.
     */
    private static StagedOutput start(Path target, boolean directory) throws IOException {
        Path dir = parent(target);
        Path temporary = dir.resolve("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        if (directory) {
            Files.createDirectory(temporary);
        } else {
            Files.createFile(temporary);
        }
        Set<PosixFilePermission> asCreated = null;
        try {
            if (posix(dir)) {
                asCreated = Files.getPosixFilePermissions(temporary);
                Files.setPosixFilePermissions(temporary, directory ? OWNER_DIRECTORY : OWNER_FILE);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new StagedOutput(target.toAbsolutePath(), temporary, directory, asCreated);
    }

    /** Where to write now: the temporary file or directory, a sibling of the target. */
    public Path path() {
        return temporary;
    }

    /** The final name. */
    public Path target() {
        return target;
    }

    /**
     * Gives the output its final name, replacing what was there. A file replaces the old one in one rename; a
     * directory, which cannot replace a non-empty one that way, first moves the old one aside and deletes it only
     * after the new one is in place (it is moved back if that fails).
     */
    public void commit() throws IOException {
        restorePermissions();
        if (!directory || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            move(temporary, target);
            committed = true;
            return;
        }
        Path old = target.resolveSibling("." + target.getFileName() + ".replaced-" + UUID.randomUUID());
        move(target, old);
        try {
            move(temporary, target);
        } catch (IOException e) {
            move(old, target);
            throw e;
        }
        committed = true;
        deleteTree(old);
    }

    /** Gives the output its final name, which must not exist yet ({@link FileAlreadyExistsException} otherwise). */
    public void commitNew() throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists; nothing was replaced");
        }
        restorePermissions();
        move(temporary, target);
        committed = true;
    }

    /**
     * Removes the temporary file or directory unless a commit moved it into place. A failure to remove it is
     * ignored: the writer's own error, which brought us here, is what the caller must see.
     */
    @Override
    public void close() {
        if (!committed) {
            try {
                deleteTree(temporary);
            } catch (IOException ignored) {
                // a leftover hidden .partial- sibling is harmless; the original error matters more
            }
        }
    }

    private void restorePermissions() throws IOException {
        if (committedPermissions != null) {
            Files.setPosixFilePermissions(temporary, committedPermissions);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // a sibling is on the same file store, so this means the file system has no atomic rename at all
            throw new IOException(to + ": the file system cannot rename atomically: " + e.getMessage(), e);
        }
    }

    private static Path parent(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir;
    }

    private static boolean posix(Path dir) throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView("posix");
    }

    /** Deletes a file or a directory with everything in it; a missing one is fine. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
