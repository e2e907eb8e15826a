package dev.floe.store.cancellation;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.jena.query.QueryCancelledException;

/**
 * A string as a {@link CharSequence} that stops whoever reads it once the query is cancelled: every few thousand
 * {@link #charAt} calls it looks at the cancel signal and throws {@link QueryCancelledException}.
 * {@link java.util.regex.Matcher} reads its input only through {@code charAt}, so a match that backtracks
 * catastrophically or scans a huge literal ends within moments of the timeout instead of running on.
 * Not thread-safe: one per match.
 */
public final class CancellableText implements CharSequence {

    /** charAt calls between two looks at the signal: a look is a volatile read, a char a few nanoseconds. */
    private static final int CHECK_EVERY = 1 << 12;

    private final CharSequence text;
    private final AtomicBoolean signal;
    private int reads;

    public CancellableText(CharSequence text, AtomicBoolean signal) {
        this.text = text;
        this.signal = signal;
    }

    @Override
    public char charAt(int index) {
        if (++reads == CHECK_EVERY) {
            reads = 0;
            if (signal.get()) {
                throw new QueryCancelledException();
            }
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new CancellableText(text.subSequence(start, end), signal);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
