package dev.floe.triplify;

/**
 * Receives progress of long work, so the caller decides how (and whether) to show it.
 * Called from the working thread, at most every few thousand records.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (records, bytesRead, bytesTotal) -> { };

    /**
     * @param records    records processed so far
     * @param bytesRead  input bytes consumed so far
     * @param bytesTotal input size in bytes, or -1 when unknown
     */
    void progress(long records, long bytesRead, long bytesTotal);
}
