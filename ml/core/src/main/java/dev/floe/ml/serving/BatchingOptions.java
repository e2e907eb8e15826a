package dev.floe.ml.serving;

import dev.floe.ml.MlDataException;

/**
 * Server-side batching, with TensorFlow Serving's parameter names: at most {@code maxBatchSize} rows share a forward
 * pass; a batch waits at most {@code batchTimeoutMicros} for more rows after its first; at most {@code
 * maxEnqueuedBatches} full batches wait (beyond that a request is refused at once, never queued without bound); {@code
 * numBatchThreads} forward passes run at a time per model version.
 */
public record BatchingOptions(int maxBatchSize, long batchTimeoutMicros, int maxEnqueuedBatches, int numBatchThreads) {

    /**
     * 32 rows, 1 ms, 10 waiting batches (TF Serving's default queue length: an overload is refused within a few batches'
     * time instead of queueing seconds of work), one thread (the network itself uses every core).
     */
    public static final BatchingOptions DEFAULTS = new BatchingOptions(32, 1000, 10, 1);

    public BatchingOptions {
        if (maxBatchSize < 1) {
            throw new MlDataException("max_batch_size must be at least 1, not " + maxBatchSize);
        }
        if (batchTimeoutMicros < 0) {
            throw new MlDataException("batch_timeout_micros must not be negative, not " + batchTimeoutMicros);
        }
        if (maxEnqueuedBatches < 1) {
            throw new MlDataException("max_enqueued_batches must be at least 1, not " + maxEnqueuedBatches);
        }
        if (numBatchThreads < 1) {
            throw new MlDataException("num_batch_threads must be at least 1, not " + numBatchThreads);
        }
    }

    /** No batching: every request runs its own forward pass as soon as a thread is free. */
    public static BatchingOptions none(int threads) {
        return new BatchingOptions(1, 0, 100, threads);
    }

    /** In TF Serving's names, e.g. for a report. */
    @Override
    public String toString() {
        return "max_batch_size " + maxBatchSize + ", batch_timeout_micros " + batchTimeoutMicros + ", max_enqueued_batches "
                + maxEnqueuedBatches + ", num_batch_threads " + numBatchThreads;
    }

    /** The most rows that may wait. */
    long maxQueuedRows() {
        return (long) maxBatchSize * maxEnqueuedBatches;
    }
}
