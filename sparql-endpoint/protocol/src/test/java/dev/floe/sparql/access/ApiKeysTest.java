package dev.floe.sparql.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileGivesEachKeyItsLabelOrItsPlace() throws IOException {
        Path file = Files.writeString(dir.resolve("keys"), "# operators\nalice 0123456789abcdef0123\n\nfedcba9876543210fedc\n");
        ApiKeys keys = ApiKeys.read(file);
        assertTrue(keys.accepts("0123456789abcdef0123"));
        assertEquals("alice", keys.labelOf("0123456789abcdef0123"));
        assertEquals("key 2", keys.labelOf("fedcba9876543210fedc"), "the second key of the file, unlabelled");
        assertNull(keys.labelOf("not-a-key-at-all-000"));
        assertNull(keys.labelOf(null));
        assertFalse(keys.accepts("alice"));
    }
}
