package dev.floe.triplify;

import java.nio.file.Path;

/**
 * Detects feature ids that occur twice in one source: two records with the same id would mint the same IRI and
 * their triples would silently merge into one feature. Memory is bounded: ids are kept as 64-bit hashes in an
 * open-addressing table (8 bytes a slot, at most 3/4 full; written here because no primitive-collections library is
 * on the classpath), up to {@link #DEFAULT_CAP} ids (a 32 MiB table at most); beyond that the check stops and the
 * summary says so. Two different ids share a hash with a probability of about n²/2⁶⁵ (10⁻⁷ for two million ids), in
 * which case a unique id would be reported as a duplicate; the message names the id, so that can be checked by hand.
 * Not thread-safe.
 */
public final class FeatureIds {

    /** The most ids checked per source. */
    public static final int DEFAULT_CAP = 2_000_000;

    private final int cap;
    private long[] table = new long[1024];
    private int size;
    private boolean zeroSeen;
    /** Whether the cap has been reported (by {@link RecordContext#uniqueId}). */
    boolean noted;

    public FeatureIds(int cap) {
        this.cap = cap;
    }

    public FeatureIds() {
        this(DEFAULT_CAP);
    }

    /**
     * Notes {@code id} of a record of {@code file}; fails naming the id when it was seen before. Returns false once
     * the cap is reached (the caller may report that the check stopped), true otherwise.
     */
    public boolean check(String id, Path file, String record) {
        if (size >= cap) {
            return false;
        }
        if (!add(hash(id))) {
            throw new TriplifyException(file, record, "feature id '" + id + "' occurs more than once; the features would "
                    + "merge into one (same IRI). Give an attribute with unique values as the id property "
                    + "(--id-property / floe:idProperty), or fix the data");
        }
        return true;
    }

    /** Whether the cap stopped the check. */
    public boolean capped() {
        return size >= cap;
    }

    private boolean add(long h) {
        if (h == 0) {
            if (zeroSeen) {
                return false;
            }
            zeroSeen = true;
            size++;
            return true;
        }
        if (size * 4L >= table.length * 3L) {
            grow();
        }
        int mask = table.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (table[i] != 0) {
            if (table[i] == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = h;
        size++;
        return true;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = (int) (h ^ (h >>> 32)) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = h;
            }
        }
    }

    /** FNV-1a over the UTF-16 code units, then a 64-bit finaliser (MurmurHash3's fmix64) to spread the bits. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
