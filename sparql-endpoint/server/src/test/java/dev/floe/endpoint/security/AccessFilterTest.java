package dev.floe.endpoint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.sparql.access.PresentedKey;

class AccessFilterTest {

    private static final String WRITE_KEY = "write-key-0123456789";
    private static final String READ_KEY = "read-key-0123456789";

    /** The keys hashed, in order. */
    private final List<String> hashed = new ArrayList<>();

    private AccessFilter filter() {
        return new AccessFilter(ApiKeys.of(WRITE_KEY), ApiKeys.of(READ_KEY), key -> {
            if (key != null) {
                hashed.add(key);
            }
            return PresentedKey.of(key);
        });
    }

    @Test
    void aWriteKeyOnAWriteMethodIsHashedOnce() {
        AccessFilter.Judgement j = filter().judge(Access.Level.WRITE, "POST", WRITE_KEY);
        assertNull(j.refusal());
        assertEquals("key 1", j.grant().holder());
        assertEquals(List.of(WRITE_KEY), hashed);
    }

    @Test
    void aReadKeyOnAReadMethodIsHashedOnceAndMayNotWrite() {
        AccessFilter.Judgement j = filter().judge(Access.Level.READ, "GET", READ_KEY);
        assertNull(j.refusal());
        assertEquals(Grant.Refusal.READ_ONLY_KEY, j.grant().refusal());
        assertEquals(List.of(READ_KEY), hashed);
    }

    @Test
    void aWrongKeyOnAReadMethodIsHashedOnceAndRefused() {
        AccessFilter.Judgement j = filter().judge(Access.Level.READ, "GET", "neither-key-0123456789");
        assertEquals(401, j.refusal().getStatus());
        assertEquals("the API key is not valid\n", j.refusal().getEntity());
        assertEquals(List.of("neither-key-0123456789"), hashed);
    }

    @Test
    void aReadKeyOnAWriteMethodIsHashedOnceAndRefused() {
        AccessFilter.Judgement j = filter().judge(Access.Level.WRITE, "POST", READ_KEY);
        assertEquals(401, j.refusal().getStatus());
        assertEquals("this API key may only read; this request changes data\n", j.refusal().getEntity());
        assertEquals(List.of(READ_KEY), hashed);
    }

    @Test
    void noKeyOnAReadMethodIsRefusedWithoutHashing() {
        AccessFilter.Judgement j = filter().judge(Access.Level.READ, "GET", null);
        assertEquals("this server needs an API key for reads\n", j.refusal().getEntity());
        assertEquals(List.of(), hashed);
    }
}
