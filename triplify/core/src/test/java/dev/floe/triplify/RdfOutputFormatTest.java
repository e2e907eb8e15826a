package dev.floe.triplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdfOutputFormatTest {

    @TempDir
    Path tmp;

    @Test
    void aFileThatFailsHalfWrittenLeavesTheEarlierOneAndNoTemporaryFile() throws IOException {
        Path links = tmp.resolve("links-products.nt");
        RdfOutputFormat.writeAtomically(links, (out, format) -> {
            out.write("<a:x> <a:p> <a:y> .\n".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RdfOutputFormat.writeAtomically(links, (out, format) -> {
            out.write("<a:x> <a:p> ".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("cannot write " + links, e.getMessage());
        assertEquals("disk full", e.getCause().getMessage());
        assertEquals("<a:x> <a:p> <a:y> .\n", Files.readString(links));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the earlier file");
        }
    }
}
