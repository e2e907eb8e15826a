package dev.floe.ml.serving;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.floe.ml.api.ServingException;

/**
 * Shares forward passes between concurrent requests to one model version: requests queue their rows; a batch thread
 * takes the oldest request, waits up to the batch timeout for more rows (never past the largest batch), runs one
 * forward pass over all of them and hands each request its own rows back. A request with more rows than a batch runs
 * in slices of the largest batch. When the rows waiting would exceed {@code max_batch_size x max_enqueued_batches},
 * {@link #submit} refuses at once (UNAVAILABLE, a 503) and counts the refusal, so an overload costs neither memory
 * nor waiting time.
 */
final class BatchScheduler implements AutoCloseable {

    private record Task(float[][] pixels, float[][] extras, CompletableFuture<float[][]> result) {
        int rows() {
            return pixels.length;
        }
    }

    /** One forward pass: the probabilities of each row. */
    @FunctionalInterface
    interface Forward {
        float[][] apply(float[][] pixels, float[][] extras);
    }

    private final String name;
    private final Forward forward;
    private final java.util.function.IntConsumer passes;
    private final BatchingOptions options;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private long queuedRows;
    private boolean closed;

    /** Batches for the model version called {@code name} (in messages and thread names), run by {@code forward}. */
    BatchScheduler(String name, Forward forward, BatchingOptions options) {
        this(name, forward, options, rows -> { });
    }

    /** As above; {@code passes} hears the number of rows of every forward pass (for metrics). */
    BatchScheduler(String name, Forward forward, BatchingOptions options, java.util.function.IntConsumer passes) {
        this.name = name;
        this.forward = forward;
        this.passes = passes;
        this.options = options;
        for (int i = 0; i < options.numBatchThreads(); i++) {
            Thread t = new Thread(this::work, "floe-batch-" + name.replace(' ', '-') + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Queues the rows; the future completes with their probabilities. */
    CompletableFuture<float[][]> submit(float[][] pixels, float[][] extras) {
        Task task = new Task(pixels, extras, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                throw new ServingException(ServingException.Kind.UNAVAILABLE, name + " is being unloaded");
            }
            if (queuedRows + task.rows() > options.maxQueuedRows() && !queue.isEmpty()) {
                rejected.incrementAndGet();
                throw new ServingException(ServingException.Kind.UNAVAILABLE, name + ": the batch queue is "
                        + "full (" + queuedRows + " rows waiting, max_batch_size " + options.maxBatchSize() + " x max_enqueued_batches "
                        + options.maxEnqueuedBatches() + "); retry later");
            }
            queue.addLast(task);
            queuedRows += task.rows();
            arrived.signal();
        } finally {
            lock.unlock();
        }
        return task.result();
    }

    /** Requests refused because the queue was full, since start. */
    long rejected() {
        return rejected.get();
    }

    /** Rows waiting now. */
    long queuedRows() {
        lock.lock();
        try {
            return queuedRows;
        } finally {
            lock.unlock();
        }
    }

    /** Forward passes run, since start. */
    long batches() {
        return batches.get();
    }

    private void work() {
        while (true) {
            List<Task> batch = next();
            if (batch == null) {
                return;
            }
            run(batch);
        }
    }

    /** The next batch: the oldest task, plus whatever fits and arrives before the timeout. Null once closed. */
    private List<Task> next() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                arrived.awaitUninterruptibly();
            }
            List<Task> batch = new ArrayList<>();
            Task first = queue.pollFirst();
            queuedRows -= first.rows();
            batch.add(first);
            int rows = first.rows();
            long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(options.batchTimeoutMicros());
            while (rows < options.maxBatchSize()) {
                Task t = queue.peekFirst();
                if (t != null) {
                    if (rows + t.rows() > options.maxBatchSize()) {
                        break;
                    }
                    queue.pollFirst();
                    queuedRows -= t.rows();
                    batch.add(t);
                    rows += t.rows();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    break;
                }
                try {
                    arrived.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Task> batch) {
        int rows = batch.stream().mapToInt(Task::rows).sum();
        float[][] pixels = new float[rows][];
        float[][] extras = new float[rows][];
        int at = 0;
        for (Task t : batch) {
            System.arraycopy(t.pixels(), 0, pixels, at, t.rows());
            System.arraycopy(t.extras(), 0, extras, at, t.rows());
            at += t.rows();
        }
        try {
            float[][] out = new float[rows][];
            for (int from = 0; from < rows; from += options.maxBatchSize()) {
                int to = Math.min(rows, from + options.maxBatchSize());
                float[][] part = forward.apply(java.util.Arrays.copyOfRange(pixels, from, to),
                        java.util.Arrays.copyOfRange(extras, from, to));
                System.arraycopy(part, 0, out, from, to - from);
                batches.incrementAndGet();
                passes.accept(to - from);
            }
            at = 0;
            for (Task t : batch) {
                t.result().complete(java.util.Arrays.copyOfRange(out, at, at + t.rows()));
                at += t.rows();
            }
        } catch (RuntimeException | Error e) {
            for (Task t : batch) {
                t.result().completeExceptionally(e);
            }
        }
    }

    /** Lets the queued requests finish, then stops the batch threads. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
