package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe features ... as a user runs them, with exit codes. */
class FeaturesCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void createInsertRejectReadAsOfStatsValidateHistoryAndTrainingDataset() throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path rules = Files.writeString(tmp.resolve("rules.json"), """
                [{"rule": "HAS_MIN", "feature": "hh_mean", "min": -50},
                 {"rule": "IS_CONTAINED_IN", "feature": "label", "legalValues": ["ship", "iceberg"]},
                 {"rule": "HAS_COMPLETENESS", "feature": "hv_mean", "min": 1, "level": "WARNING"}]""");
        CommandLineTest.Run created = CommandLineTest.floe("features", "create", "--store", store.toString(), "--name", "patches",
                "--schema", "id:int,hh_mean:double,hv_mean:double,label:string,time:timestamp", "--primary-key", "id",
                "--event-time", "time", "--expectations", rules.toString());
        assertEquals(0, created.exit(), created.err());
        assertTrue(created.out().startsWith("patches\tversion 1\t5 features\t3 expectations\t"), created.out());

        StringBuilder rows = new StringBuilder("id,hh_mean,hv_mean,label,time\n");
        for (int i = 1; i <= 20; i++) {
            rows.append(i).append(',').append(-i).append(".5,").append(-2 * i).append(".0,").append(i <= 12 ? "iceberg" : "ship")
                    .append(",2023-08-10T10:00:00Z\n");
        }
        Path good = Files.writeString(tmp.resolve("good.csv"), rows);
        CommandLineTest.Run inserted = CommandLineTest.floe("features", "insert", "--store", store.toString(), "--name", "patches",
                "--input", good.toString());
        assertEquals(0, inserted.exit(), inserted.err());
        assertEquals("patches\tcommit 1\t20 rows\tSUCCESS\n", inserted.out());

        Path bad = Files.writeString(tmp.resolve("bad.csv"), "id,hh_mean,hv_mean,label,time\n1,-70.0,,whale,2023-08-11T10:00:00Z\n");
        CommandLineTest.Run rejected = CommandLineTest.floe("features", "insert", "--store", store.toString(), "--name", "patches",
                "--input", bad.toString(), "--mode", "STRICT");
        assertEquals(1, rejected.exit());
        assertTrue(rejected.err().contains("FAIL HAS_MIN          hh_mean"), rejected.err());
        assertTrue(rejected.err().endsWith("floe: " + bad + ": rejected by validation (FAILURE under STRICT); nothing was written\n"),
                rejected.err());
        CommandLineTest.Run all = CommandLineTest.floe("features", "insert", "--store", store.toString(), "--name", "patches",
                "--input", bad.toString(), "--mode", "ALL");
        assertEquals(0, all.exit(), all.err());
        assertEquals("patches\tcommit 2\t1 rows\tFAILURE\n", all.out());

        CommandLineTest.Run now = CommandLineTest.floe("features", "read", "--store", store.toString(), "--name", "patches");
        assertTrue(now.out().contains("\n1,-70.0,,whale,2023-08-11T10:00:00Z\n"), now.out());
        CommandLineTest.Run then = CommandLineTest.floe("features", "read", "--store", store.toString(), "--name", "patches", "--as-of", "1");
        assertTrue(then.out().startsWith("id,hh_mean,hv_mean,label,time\n1,-1.5,-2.0,iceberg,2023-08-10T10:00:00Z\n"), then.out());
        assertEquals(21, then.out().split("\n").length);

        CommandLineTest.Run stats = CommandLineTest.floe("features", "stats", "--store", store.toString(), "--name", "patches", "--as-of", "1");
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.out().contains("\"rows\" : 20"), stats.out());
        assertTrue(stats.out().contains("\"mean\" : -11.0"), stats.out());

        CommandLineTest.Run validated = CommandLineTest.floe("features", "validate", "--store", store.toString(), "--name", "patches");
        assertEquals(1, validated.exit(), "the current rows hold the rejected-then-forced row");
        CommandLineTest.Run history = CommandLineTest.floe("features", "history", "--store", store.toString(), "--name", "patches");
        String h = history.out();
        assertTrue(h.contains("STRICT\tSUCCESS\t20 rows\tingested as commit 1"), h);
        assertTrue(h.contains("STRICT\tFAILURE\t1 rows\tnot ingested"), h);
        assertTrue(h.contains("ALL\tFAILURE\t1 rows\tingested as commit 2"), h);
        assertTrue(h.contains("VALIDATE\tFAILURE\t20 rows\tnot ingested"), h);

        CommandLineTest.Run td = CommandLineTest.floe("features", "trainingdataset", "--store", store.toString(), "--name", "icebergs",
                "--featuregroup", "patches", "--as-of", "1", "--label", "label", "--format", "tfrecord", "--seed", "3");
        assertEquals(0, td.exit(), td.err());
        // 12 icebergs -> 8.4/1.8/1.8 -> 8, 2, 2; 8 ships -> 5.6/1.2/1.2 -> 6, 1, 1
        assertTrue(td.out().startsWith("icebergs\tversion 1\ttrain 14\tvalidation 3\ttest 3\t"), td.out());
        assertTrue(Files.size(store.resolve("features/trainingdatasets/icebergs/v1/train.tfrecord")) > 14 * 16);

        CommandLineTest.Run badType = CommandLineTest.floe("features", "create", "--store", store.toString(), "--name", "x",
                "--schema", "id:uuid", "--primary-key", "id");
        assertEquals(2, badType.exit());
        assertEquals("floe: --schema: unknown feature type uuid (int, double, string, boolean, timestamp)\n", badType.err());
    }
}
