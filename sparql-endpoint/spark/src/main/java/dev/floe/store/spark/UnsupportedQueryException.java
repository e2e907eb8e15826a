package dev.floe.store.spark;

/**
 * A query, or a part of one, that the Spark engine cannot answer exactly: the message names the construct. The engine
 * throws it instead of answering differently from the TDB2 store or collecting data on the driver.
 */
public final class UnsupportedQueryException extends RuntimeException {

    public UnsupportedQueryException(String construct) {
        super("the Spark engine does not support " + construct);
    }
}
