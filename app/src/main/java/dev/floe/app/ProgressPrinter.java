package dev.floe.app;

import java.io.PrintStream;

import dev.floe.triplify.ProgressListener;

/**
 * Shows progress of long work on stderr: records, records/s and, when the input size is known, an ETA.
 * Prints at most once a second; silent when quiet.
 */
final class ProgressPrinter implements ProgressListener {

    private final PrintStream err;
    private final boolean quiet;
    private final String what;
    private final long start = System.nanoTime();
    private long lastPrint;

    ProgressPrinter(PrintStream err, boolean quiet, String what) {
        this.err = err;
        this.quiet = quiet;
        this.what = what;
    }

    @Override
    public void progress(long records, long bytesRead, long bytesTotal) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrint < 1_000_000_000L) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        String line = String.format("%s: %,d records, %,.0f records/s", what, records, records / seconds);
        if (bytesTotal > 0 && bytesRead > 0) {
            double fraction = Math.min(1.0, (double) bytesRead / bytesTotal);
            long eta = Math.round(seconds / fraction - seconds);
            line += String.format(", %.0f%%, ETA %d:%02d", fraction * 100, eta / 60, eta % 60);
        }
        err.print("\r" + line);
        err.flush();
    }

    /** Ends the progress line (if one was printed) so the next message starts on its own line. */
    void done() {
        if (!quiet && lastPrint != 0) {
            err.println();
        }
    }
}
