package dev.floe.store.spatialjoin;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.jena.sparql.util.Symbol;

/**
 * Counters a caller can put in a query's context (under {@link #SYMBOL}) to see what the spatial join did:
 * how many rows each side had and how many candidate pairs the index produced for exact checking.
 */
public final class SpatialJoinStats {

    /** Context key for an instance of this class. */
    public static final Symbol SYMBOL = Symbol.create("https://w3id.org/floe/ontology#spatialJoinStats");

    public final AtomicLong joins = new AtomicLong();
    public final AtomicLong leftRows = new AtomicLong();
    public final AtomicLong rightRows = new AtomicLong();
    public final AtomicLong candidatePairs = new AtomicLong();
    /** Index selections that read their pattern whole, its rows fewer than the resources the index found. */
    public final AtomicLong scans = new AtomicLong();
}
