package dev.floe.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folder clean-up for the module's outputs that are recorded in a store after they are renamed into place (training
 * sets, runs; see {@link dev.floe.geo.StagedOutput}): when the store refuses the record, the folder is removed again,
 * where the store's failure itself is what the caller reports.
 */
public final class Folders {

    private Folders() {
    }

    /** Deletes a folder and everything in it; a missing folder is fine and a deletion error is ignored. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            // the caller's own error matters more than a leftover temporary folder
        }
    }
}
