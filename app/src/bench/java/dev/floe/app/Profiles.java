package dev.floe.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a repeated request's time goes on the server: JDK Flight Recorder's execution samples (every millisecond)
 * while the request runs again and again for a few seconds, kept to the server's threads (the client's own threads
 * are left out), summarised as the methods present in the most samples (inclusive) and the frames on top (self).
 * The recording is kept beside its summary ({@code .jfr}, for JDK Mission Control or {@code jfr print}).
 */
final class Profiles {

    static final double SECONDS = 4;
    static final int TOP = 30;

    private Profiles() {
    }

    static void record(Path file, QuerySpeedBenchmark.Run request) throws Exception {
        Files.createDirectories(file.getParent());
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            r.start();
            long start = System.nanoTime();
            int runs = 0;
            while (System.nanoTime() - start < SECONDS * 1e9) {
                request.run();
                runs++;
            }
            r.stop();
            r.dump(file);
            summarise(file, runs);
        }
    }

    private static void summarise(Path file, int runs) throws IOException {
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
            if (thread == null || thread.startsWith("HttpClient") || thread.equals("main")) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        Path txt = Path.of(file.toString().replaceAll("\\.jfr$", ".txt"));
        try (PrintStream out = new PrintStream(Files.newOutputStream(txt), true, "UTF-8")) {
            out.printf(Locale.ROOT, "%d server samples over %d requests (%.1f ms sampled per request)%n", samples, runs,
                    samples / (double) runs);
            out.println("inclusive:");
            print(out, inclusive, samples);
            out.println("self:");
            print(out, self, samples);
        }
    }

    private static void print(PrintStream out, Map<String, Integer> counts, int samples) {
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(TOP)
                .forEach(c -> out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * c.getValue() / samples, c.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
