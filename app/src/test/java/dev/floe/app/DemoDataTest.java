package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {

    @TempDir
    Path tmp;

    @Test
    void aFileThatFailsHalfWrittenLeavesTheEarlierOneAndNoTemporaryFile() throws IOException {
        Path links = tmp.resolve("links-products.nt");
        DemoData.writeWhole(links, out -> out.write("<a:x> <a:p> <a:y> .\n".getBytes(StandardCharsets.UTF_8)));
        IOException e = assertThrows(IOException.class, () -> DemoData.writeWhole(links, out -> {
            out.write("<a:x> <a:p> ".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("<a:x> <a:p> <a:y> .\n", Files.readString(links));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the earlier file");
        }
    }
}
