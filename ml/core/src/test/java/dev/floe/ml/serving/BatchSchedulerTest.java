package dev.floe.ml.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.floe.ml.api.ServingException;

/** The batch queue with a forward pass the test controls: each row's "probability" is its first pixel plus one. */
class BatchSchedulerTest {

    static float[][] rows(float... firstPixels) {
        float[][] out = new float[firstPixels.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[] {firstPixels[i], 0};
        }
        return out;
    }

    static float[][] plusOne(float[][] pixels) {
        float[][] out = new float[pixels.length][1];
        for (int i = 0; i < pixels.length; i++) {
            out[i][0] = pixels[i][0] + 1;
        }
        return out;
    }

    @Test
    void concurrentRequestsShareAForwardPassAndEachGetsItsOwnRowsBack() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        List<Integer> passSizes = new ArrayList<>();
        try (BatchScheduler s = new BatchScheduler("toy version 1", (p, e) -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            synchronized (passSizes) {
                passSizes.add(p.length);
            }
            return plusOne(p);
        }, new BatchingOptions(8, 200_000, 10, 1))) {
            CompletableFuture<float[][]> a = s.submit(rows(1, 2), new float[2][0]);
            CompletableFuture<float[][]> b = s.submit(rows(10), new float[1][0]);
            CompletableFuture<float[][]> c = s.submit(rows(20, 30, 40), new float[3][0]);
            hold.countDown();
            assertArrayEquals(new float[][] {{2}, {3}}, a.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{11}}, b.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{21}, {31}, {41}}, c.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(6), passSizes, "one forward pass for the three requests");
        }
    }

    @Test
    void aBatchNeverExceedsTheLargestBatchAndALargeRequestRunsInSlices() throws Exception {
        List<Integer> passSizes = new ArrayList<>();
        try (BatchScheduler s = new BatchScheduler("toy version 1", (p, e) -> {
            synchronized (passSizes) {
                passSizes.add(p.length);
            }
            return plusOne(p);
        }, new BatchingOptions(2, 0, 10, 1))) {
            float[][] out = s.submit(rows(1, 2, 3, 4, 5), new float[5][0]).get(10, TimeUnit.SECONDS);
            assertArrayEquals(new float[][] {{2}, {3}, {4}, {5}, {6}}, out);
            assertEquals(List.of(2, 2, 1), passSizes);
        }
    }

    @Test
    void aFullQueueRefusesAtOnceAndCountsTheRefusal() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        try (BatchScheduler s = new BatchScheduler("toy version 1", (p, e) -> {
            running.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return plusOne(p);
        }, new BatchingOptions(2, 0, 1, 1))) {
            CompletableFuture<float[][]> first = s.submit(rows(1), new float[1][0]);
            assertTrue(running.await(10, TimeUnit.SECONDS), "the first pass runs and holds the thread");
            CompletableFuture<float[][]> queued = s.submit(rows(2, 3), new float[2][0]);
            long start = System.nanoTime();
            ServingException full = assertThrows(ServingException.class, () -> s.submit(rows(4), new float[1][0]));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "refused without waiting");
            assertEquals(ServingException.Kind.UNAVAILABLE, full.kind());
            assertEquals("toy version 1: the batch queue is full (2 rows waiting, max_batch_size 2 x max_enqueued_batches 1); retry later",
                    full.getMessage());
            assertEquals(1, s.rejected());
            hold.countDown();
            assertArrayEquals(new float[][] {{2}}, first.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{3}, {4}}, queued.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailingForwardPassFailsEveryRequestOfItsBatch() {
        try (BatchScheduler s = new BatchScheduler("toy version 1", (p, e) -> {
            throw new IllegalStateException("out of memory on the device");
        }, new BatchingOptions(4, 0, 10, 1))) {
            var e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> s.submit(rows(1), new float[1][0]).get(10, TimeUnit.SECONDS));
            assertEquals("out of memory on the device", e.getCause().getMessage());
        }
    }
}
