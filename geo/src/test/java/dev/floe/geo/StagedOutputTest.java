package dev.floe.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {

    @TempDir
    Path dir;

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDirectoryFilledOverSeveralCallsAppearsOnlyOnCommit() throws IOException {
        Path out = dir.resolve("out.nt.patches");
        try (StagedOutput staged = StagedOutput.directory(out)) {
            Files.writeString(staged.path().resolve("p1.npy"), "1");
            Files.writeString(staged.path().resolve("p2.npy"), "2");
            assertTrue(Files.notExists(out));
            assertEquals(out.getParent(), staged.path().getParent());
            staged.commit();
        }
        assertEquals(List.of("p1.npy", "p2.npy"), names(out));
        assertEquals(List.of("out.nt.patches"), names(dir));
    }

    @Test
    void closingWithoutCommitRemovesTheTemporaryDirectoryAndKeepsTheOldOne() throws IOException {
        Path out = dir.resolve("out.nt.patches");
        Files.createDirectories(out);
        Files.writeString(out.resolve("old.npy"), "old");
        try (StagedOutput staged = StagedOutput.directory(out)) {
            Files.createDirectories(staged.path().resolve("deep/er"));
            Files.writeString(staged.path().resolve("deep/er/p1.npy"), "1");
        }
        assertEquals(List.of("out.nt.patches"), names(dir));
        assertEquals(List.of("old.npy"), names(out));
    }

    @Test
    void aCommittedFileReplacesTheOldOne() throws IOException {
        Path out = dir.resolve("mapping.ttl");
        Files.writeString(out, "old");
        try (StagedOutput staged = StagedOutput.file(out)) {
            Files.writeString(staged.path(), "new");
            assertEquals("old", Files.readString(out));
            staged.commit();
        }
        assertEquals("new", Files.readString(out));
        assertEquals(List.of("mapping.ttl"), names(dir));
    }
}
