package dev.floe.ml.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} items from a stream of unknown length, in one pass (Vitter's Algorithm
 * R): the first {@code capacity} items are kept, then the {@code i}-th (from 0) replaces a random kept one with
 * probability {@code capacity / (i + 1)}. Every item of the stream ends up in the sample with the same probability.
 * Seeded: the same stream and random generator give the same sample.
 *
 * <p>Mutable and not thread-safe: one reservoir fills while a profile is built.
 */
final class Reservoir<T> {

    private final int capacity;
    private final SplittableRandom random;
    private final List<T> items;
    private long seen;

    Reservoir(int capacity, SplittableRandom random) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a reservoir holds at least one item, not " + capacity);
        }
        this.capacity = capacity;
        this.random = random;
        this.items = new ArrayList<>(Math.min(capacity, 1024));
    }

    /** Offers the next item of the stream. */
    void offer(T item) {
        if (items.size() < capacity) {
            items.add(item);
        } else {
            long k = random.nextLong(seen + 1);
            if (k < capacity) {
                items.set((int) k, item);
            }
        }
        seen++;
    }

    /** The sample, in reservoir order. */
    List<T> items() {
        return List.copyOf(items);
    }

    /** How many items were offered. */
    long seen() {
        return seen;
    }
}
