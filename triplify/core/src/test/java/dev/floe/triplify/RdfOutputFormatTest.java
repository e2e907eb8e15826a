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
    void theSyntaxComesFromTheFileNameInAnyCaseWithOrWithoutGzip() {
        assertEquals(RdfOutputFormat.NTRIPLES, RdfOutputFormat.forFile(Path.of("links.NT.gz")));
        assertEquals(RdfOutputFormat.TRIG, RdfOutputFormat.forFile(Path.of("a/b.trig")));
        assertEquals(true, RdfOutputFormat.isRdfFile(Path.of("patches.ttl")));
        assertEquals(false, RdfOutputFormat.isRdfFile(Path.of("catalog.json")));
        assertEquals(false, RdfOutputFormat.isRdfFile(Path.of("records.json.gz")));
        assertThrows(TriplifyException.class, () -> RdfOutputFormat.forFile(Path.of("catalog.json")));
    }

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
