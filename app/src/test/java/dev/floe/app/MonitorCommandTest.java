package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe monitor}'s refusals; its checks of a real log run in ServeModelsIT, after a served store is killed. */
class MonitorCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aStoreThatNeverServedHasNoLogToCheck() throws Exception {
        Path store = MlCommandsTest.storeWithRegisteredModel(tmp);
        CommandLineTest.Run r = CommandLineTest.floe("monitor", "--store", store.toString(), "--model", "icebergs");
        assertEquals(1, r.exit());
        assertEquals("floe: " + store + " has no inference log (" + store.resolve("logs").resolve("inference")
                + "): floe serve writes it while it serves models\n", r.err());
    }

    @Test
    void windowsAndDurationsAreCheckedBeforeAnythingIsRead() {
        CommandLineTest.Run small = CommandLineTest.floe("monitor", "--store", tmp.toString(), "--model", "m", "--window", "1");
        assertEquals(2, small.exit());
        assertEquals("floe: --window is at least 2 rows, not 1\n", small.err());
        CommandLineTest.Run every = CommandLineTest.floe("monitor", "--store", tmp.toString(), "--model", "m", "--every", "5x");
        assertEquals(2, every.exit());
        assertEquals("floe: --every 5x is not a duration (e.g. 10m, 1h, 30s, PT30M)\n", every.err());
    }

    @Test
    void durationsReadAsAnAnalystWritesThem() {
        assertEquals(Duration.ofMinutes(10), MonitorCommand.duration("10m"));
        assertEquals(Duration.ofHours(2), MonitorCommand.duration("2h"));
        assertEquals(Duration.ofDays(1), MonitorCommand.duration("1d"));
        assertEquals(Duration.ofMinutes(30), MonitorCommand.duration("PT30M"));
    }

    @Test
    void serveRefusesBrokersItCannotParseBeforeServing() throws Exception {
        Path store = MlCommandsTest.storeWithRegisteredModel(tmp);
        CommandLineTest.Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                CommandLineTest.floe("serve", "--store", store.toString(), "--port", "0", "--inference-kafka", "nohost"));
        assertEquals(2, r.exit(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains("floe: --inference-kafka nohost: "), r.err());
    }
}
