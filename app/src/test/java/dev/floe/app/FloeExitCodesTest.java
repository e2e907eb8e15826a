package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.app.CommandLineTest.Run;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What a user sees when a command fails: one line for their mistake, a stack trace for floe's. */
class FloeExitCodesTest {

    @TempDir
    Path tmp;

    /** A command whose code has a bug: the kind of failure no user can fix. */
    @Command(name = "crash")
    static final class Crash implements Runnable {
        private final Supplier<RuntimeException> bug;

        Crash(Supplier<RuntimeException> bug) {
            this.bug = bug;
        }

        @Override
        public void run() {
            throw bug.get();
        }
    }

    private static Run floeWith(Object extraCommand, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Floe.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        cli.addSubcommand(extraCommand);
        int exit = cli.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStoreThatDoesNotExistIsAUsageErrorAndIsNotCreated() {
        Path missing = tmp.resolve("no-such-store");
        for (String[] command : new String[][] {{"models", "list"}, {"models", "show", "m"}, {"trainingset", "list"},
                {"train", "--trainingset", "s", "--model", "sar-cnn"}, {"predict", "--model", "m", "--input", "x.nt", "--load"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--store",
                    missing.toString())).toArray(String[]::new);
            Run r = CommandLineTest.floe(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("floe: --store " + missing + ": no such store directory" + System.lineSeparator(), r.err(), String.join(" ", args));
            assertFalse(java.nio.file.Files.exists(missing), "no empty store made by " + String.join(" ", args));
        }
    }

    @Test
    void theSparkStoreReachedInTheJarSaysHowToRunIt() {
        for (String[] args : new String[][] {{"spark", "load", "--out", "x", "a.nt"}, {"spark"},
                {"serve", "--engine", "spark", "--store", "hdfs:///floe/store"}}) {
            Run r = CommandLineTest.floe(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("floe: " + SparkCommand.NOT_HERE + System.lineSeparator(), r.err(), String.join(" ", args));
        }
        Run r = CommandLineTest.floe("serve", "--engine", "sparkle", "--store", tmp.resolve("store").toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("floe: unknown engine 'sparkle': tdb2 (the default) or spark" + System.lineSeparator(), r.err());
        assertFalse(Files.exists(tmp.resolve("store")));
    }

    @Test
    void aUserErrorExitsOneWithOneLineAndNoStackTrace() {
        Path missing = tmp.resolve("missing.nt");
        Run r = CommandLineTest.floe("load", "--store", tmp.resolve("store").toString(), missing.toString());
        assertEquals(1, r.exit());
        assertEquals("floe: " + missing + ": no such file" + System.lineSeparator(), r.err());
    }

    @Test
    void aBadKeyFileNamesTheFileAndLine() throws Exception {
        Path keys = Files.writeString(tmp.resolve("keys.txt"), "# writers\nalice short\n");
        Run r = CommandLineTest.floe("serve", "--store", tmp.resolve("store").toString(), "--api-keys", keys.toString());
        assertEquals(1, r.exit());
        assertEquals("floe: " + keys + ": line 2: the key is shorter than 16 characters" + System.lineSeparator(), r.err());
    }

    @Test
    void aMissingKeyFileIsNamed() {
        Path keys = tmp.resolve("no-keys.txt");
        Run r = CommandLineTest.floe("serve", "--store", tmp.resolve("store").toString(), "--read-keys", keys.toString());
        assertEquals(1, r.exit());
        assertEquals("floe: " + keys + ": no such key file" + System.lineSeparator(), r.err());
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        Run r = CommandLineTest.floe("serve", "--store", tmp.resolve("store").toString(), "--port", "70000");
        assertEquals(2, r.exit());
        assertEquals("floe: port must be in 0..65535, was 70000" + System.lineSeparator(), r.err());
    }

    @Test
    void aCommandLineThatCannotWorkExitsTwoWithOneLine() {
        Run r = CommandLineTest.floe("triplify", "--mapping", tmp.resolve("m.ttl").toString(), "--input", "x.csv");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("floe: "), r.err());
        assertFalse(r.err().contains("at dev.floe"), r.err());
    }

    @Test
    void anInternalErrorPrintsItsStackTraceAndExits70() {
        Run r = floeWith(new Crash(() -> new NullPointerException("a bug")), "crash");
        assertEquals(70, r.exit());
        assertTrue(r.err().startsWith("floe: internal error, please report it with this trace:"
                + System.lineSeparator() + "java.lang.NullPointerException: a bug"), r.err());
        assertTrue(r.err().contains("at dev.floe.app.FloeExitCodesTest$Crash.run("), r.err());
    }

    @Test
    void aBareIllegalArgumentExceptionIsABugNotAUserError() {
        Run r = floeWith(new Crash(() -> new IllegalArgumentException("unchecked argument")), "crash");
        assertEquals(70, r.exit());
        assertTrue(r.err().contains("java.lang.IllegalArgumentException: unchecked argument"), r.err());
        assertTrue(r.err().contains("at dev.floe.app.FloeExitCodesTest$Crash.run("), r.err());
    }

    @Test
    void aFailingWriteIsTheMachinesFaultNotABug() {
        Run r = floeWith(new Crash(() -> new java.io.UncheckedIOException("out.nt: cannot write: No space left on device",
                new java.io.IOException("No space left on device"))), "crash");
        assertEquals(1, r.exit());
        assertEquals("floe: out.nt: cannot write: No space left on device" + System.lineSeparator(), r.err());
    }
}
