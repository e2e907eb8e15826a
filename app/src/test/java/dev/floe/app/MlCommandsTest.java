package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe trainingset / train / models as a user runs them: triplify SAR patches, load, make a set, train, list. */
class MlCommandsTest {

    static final String SAR_QUERY = Path.of("..", "queries", "training", "sar-ship-iceberg.rq").toString();

    @TempDir
    Path tmp;

    /** 20 icebergs and 10 ships of 8x8 pixels in the Statoil/C-CORE train.json format. */
    static Path sarRecords(Path file) throws IOException {
        Random random = new Random(9);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            boolean iceberg = i < 20;
            StringBuilder hh = new StringBuilder();
            StringBuilder hv = new StringBuilder();
            for (int p = 0; p < 64; p++) {
                boolean target = iceberg ? Math.abs(p / 8 - 4) + Math.abs(p % 8 - 4) < 3 : p / 8 == 4;
                hh.append(p == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", (target ? -8 : -28) + random.nextGaussian()));
                hv.append(p == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", (target ? (iceberg ? -12 : -24) : -34) + random.nextGaussian()));
            }
            records.add(String.format(Locale.ROOT, "{\"id\": \"p%02d\", \"band_1\": [%s], \"band_2\": [%s], \"inc_angle\": %s, \"is_iceberg\": %d}",
                    i, hh, hv, i % 7 == 0 ? "\"na\"" : String.format(Locale.ROOT, "%.2f", 35 + random.nextDouble() * 10), iceberg ? 1 : 0));
        }
        Files.writeString(file, "[" + String.join(",\n", records) + "]");
        return file;
    }

    /**
     * A store under {@code tmp} with the records of {@link #sarRecords}, the training set "sar" and a tiny seeded sar-cnn
     * registered as "icebergs" version 1 with the alias champion, made by the commands a user runs (for the serving tests).
     */
    static Path storeWithRegisteredModel(Path tmp) throws IOException {
        Path json = sarRecords(tmp.resolve("patches.json"));
        Path nt = tmp.resolve("patches.nt");
        Path store = tmp.resolve("store");
        assertEquals(0, CommandLineTest.floe("triplify", "--input", json.toString(), "--out", nt.toString(), "--quiet").exit());
        assertEquals(0, CommandLineTest.floe("load", "--store", store.toString(), nt.toString(), "--quiet").exit());
        assertEquals(0, CommandLineTest.floe("trainingset", "create", "--store", store.toString(), "--query", SAR_QUERY,
                "--name", "sar", "--seed", "1", "--quiet").exit());
        CommandLineTest.Run trained = CommandLineTest.floe("train", "--store", store.toString(), "--trainingset", "sar", "--model",
                "sar-cnn", "--epochs", "2", "--batch-size", "8", "--filters", "4,8", "--dense", "8", "--seed", "3", "--quiet");
        assertEquals(0, trained.exit(), trained.err());
        assertEquals(0, CommandLineTest.floe("models", "register", "icebergs", "--run", trained.out().split("\t")[0], "--alias",
                "champion", "--store", store.toString()).exit());
        return store;
    }

    @Test
    void trainingSetCreateThenTrainThenRegisterAndMoveTheChampion() throws IOException {
        Path json = sarRecords(tmp.resolve("patches.json"));
        Path nt = tmp.resolve("patches.nt");
        Path store = tmp.resolve("store");
        assertEquals(0, CommandLineTest.floe("triplify", "--input", json.toString(), "--out", nt.toString(), "--quiet").exit());
        assertEquals(0, CommandLineTest.floe("load", "--store", store.toString(), nt.toString(), "--quiet").exit());

        CommandLineTest.Run created = CommandLineTest.floe("trainingset", "create", "--store", store.toString(),
                "--query", SAR_QUERY, "--name", "sar", "--seed", "1");
        assertEquals(0, created.exit(), created.err());
        // 20 icebergs -> 14/3/3, 10 ships -> 7/2/1
        assertTrue(created.out().startsWith("sar\thttps://w3id.org/floe/data/trainingset/sar\t30 samples\ttrain 21\tvalidation 5\ttest 4\t"),
                created.out());
        assertTrue(Files.isRegularFile(store.resolve("trainingsets/sar/trainingset.json")));
        CommandLineTest.Run listed = CommandLineTest.floe("trainingset", "list", "--store", store.toString());
        assertTrue(listed.out().startsWith("sar\t30 samples\t"), listed.out());

        CommandLineTest.Run trained = CommandLineTest.floe("train", "--store", store.toString(), "--trainingset", "sar",
                "--model", "sar-cnn", "--epochs", "2", "--batch-size", "8", "--filters", "4,8", "--dense", "8", "--seed", "3");
        assertEquals(0, trained.exit(), trained.err());
        assertTrue(trained.err().contains("epoch 2/2: 21 samples in ") && trained.err().contains("samples/s"), trained.err());
        assertTrue(trained.err().contains("majority-class baseline 0.750"), trained.err());
        String run = trained.out().split("\t")[0];
        assertTrue(run.startsWith("sar-cnn-"), trained.out());
        assertTrue(Files.isRegularFile(store.resolve("experiments").resolve(run).resolve("model.zip")));

        CommandLineTest.Run again = CommandLineTest.floe("train", "--store", store.toString(), "--reproduce", run, "--quiet");
        assertEquals(0, again.exit(), again.err());
        assertEquals("", again.err());
        String[] first = trained.out().split("\t");
        String[] second = again.out().split("\t");
        assertTrue(!first[0].equals(second[0]), "a new run");
        assertEquals(List.of(first[1], first[2], first[3], first[4]), List.of(second[1], second[2], second[3], second[4]),
                "same model, set, test accuracy and baseline");

        CommandLineTest.Run models = CommandLineTest.floe("models", "runs", "--store", store.toString());
        assertEquals(0, models.exit(), models.err());
        String[] lines = models.out().split("\n");
        assertEquals(3, lines.length, models.out());
        assertTrue(lines[2].startsWith(run + "\tsar-cnn\tsar\t") || lines[1].startsWith(run + "\tsar-cnn\tsar\t"), models.out());
        assertTrue(lines[1].contains("\t0.7500\t") && lines[2].contains("\t0.7500\t"), "majority baseline 3/4: " + models.out());

        CommandLineTest.Run registered = CommandLineTest.floe("models", "register", "icebergs", "--run", run, "--alias", "champion",
                "--by", "ana", "--store", store.toString());
        assertEquals(0, registered.exit(), registered.err());
        assertTrue(registered.out().matches("icebergs\t1\t[0-9a-f]{64}\n"), registered.out());
        CommandLineTest.Run again2 = CommandLineTest.floe("models", "register", "icebergs", "--run", second[0], "--by", "ben",
                "--store", store.toString());
        assertTrue(again2.out().startsWith("icebergs\t2\t"), again2.out());
        CommandLineTest.Run moved = CommandLineTest.floe("models", "alias", "icebergs", "champion", "2", "--by", "ben",
                "--store", store.toString());
        assertEquals("icebergs\tchampion\t1 -> 2\n", moved.out());
        CommandLineTest.Run list = CommandLineTest.floe("models", "list", "--store", store.toString());
        assertEquals("model\tversions\taliases\tarchitecture\tclasses\nicebergs\t1,2\tchampion=2\tsar-cnn\ticeberg,ship\n", list.out());
        CommandLineTest.Run shown = CommandLineTest.floe("models", "show", "icebergs", "--store", store.toString());
        assertEquals(0, shown.exit(), shown.err());
        String[] show = shown.out().split("\n");
        assertEquals("model icebergs (https://w3id.org/floe/data/model/icebergs)", show[0]);
        assertTrue(show[2].startsWith("1\t" + run + "\thttps://w3id.org/floe/data/trainingset/sar\tsar-cnn\ticeberg,ship\t"), show[2]);
        assertTrue(show[3].endsWith("\tben"), show[3]);
        assertEquals(List.of("alias\tversion", "champion\t2", "alias change\tfrom\tto\tby\tat"), List.of(show[4], show[5], show[6]));
        assertTrue(show[7].startsWith("champion\t-\t1\tana\t") && show[8].startsWith("champion\t1\t2\tben\t"), shown.out());

        CommandLineTest.Run noVersion = CommandLineTest.floe("models", "alias", "icebergs", "champion", "7", "--store", store.toString());
        assertEquals(1, noVersion.exit());
        assertEquals("floe: model icebergs has no version 7 (versions [1, 2])\n", noVersion.err());
        CommandLineTest.Run both = CommandLineTest.floe("models", "alias", "icebergs", "champion", "--store", store.toString());
        assertEquals(2, both.exit());
        assertEquals("floe: give either a VERSION or --remove\n", both.err());
        CommandLineTest.Run unknown = CommandLineTest.floe("models", "show", "penguins", "--store", store.toString());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().startsWith("floe: no registered model called penguins"), unknown.err());

        // batch prediction with the champion (version 2): from the SAR records themselves and from their triplified patches
        Path fromJson = tmp.resolve("from-json.nt");
        CommandLineTest.Run predicted = CommandLineTest.floe("predict", "--model", "icebergs", "--input", json.toString(),
                "--out", fromJson.toString(), "--load", "--store", store.toString());
        assertEquals(0, predicted.exit(), predicted.err());
        String[] summary = predicted.out().strip().split("\t");
        assertEquals(List.of("icebergs", "2", "30"), List.of(summary[0], summary[1], summary[2]), predicted.out());
        int counted = 0;
        for (int i = 3; i < summary.length; i++) {
            assertTrue(summary[i].matches("(iceberg|ship)=\\d+"), predicted.out());
            counted += Integer.parseInt(summary[i].substring(summary[i].indexOf('=') + 1));
        }
        assertEquals(30, counted);
        assertTrue(predicted.err().contains("30/30 patches predicted"), predicted.err());
        Path fromNt = tmp.resolve("from-nt.nt");
        assertEquals(0, CommandLineTest.floe("predict", "--model", "icebergs:champion", "--input", nt.toString(),
                "--out", fromNt.toString(), "--store", store.toString(), "--quiet").exit());
        assertEquals(predictionClasses(fromJson), predictionClasses(fromNt), "the same patches, IRIs and classes either way");
        assertEquals(30, predictionClasses(fromJson).size());
        CommandLineTest.Run stored = CommandLineTest.floe("query", "--store", store.toString(), "--format", "csv",
                "PREFIX floe: <https://w3id.org/floe/ontology#> SELECT (COUNT(?p) AS ?n) { ?p a floe:Prediction ; "
                        + "floe:predictedBy <https://w3id.org/floe/data/model/icebergs/version/2> }");
        assertEquals("n\r\n30\r\n", stored.out());

        CommandLineTest.Run noVersion9 = CommandLineTest.floe("predict", "--model", "icebergs/9", "--input", nt.toString(),
                "--load", "--store", store.toString());
        assertEquals(1, noVersion9.exit());
        assertEquals("floe: model icebergs has no version 9 (versions [1, 2])\n", noVersion9.err());
        CommandLineTest.Run nowhere = CommandLineTest.floe("predict", "--model", "icebergs", "--input", nt.toString(),
                "--store", store.toString());
        assertEquals(2, nowhere.exit());
        assertEquals("floe: say where the predictions go: --out FILE and/or --load\n", nowhere.err());
    }

    /** Prediction IRI -> predicted class, from an RDF file of predictions. */
    static java.util.Map<String, String> predictionClasses(Path file) {
        org.apache.jena.rdf.model.Model m = org.apache.jena.riot.RDFDataMgr.loadModel(file.toString());
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        m.listStatements(null, dev.floe.ontology.Floe.predictedClass, (org.apache.jena.rdf.model.RDFNode) null)
                .forEachRemaining(st -> out.put(st.getSubject().getURI(), st.getString()));
        return out;
    }

    @Test
    void aQueryWithoutLabelFailsWithExitOneAndWritesNothing() throws IOException {
        Path json = sarRecords(tmp.resolve("patches.json"));
        Path nt = tmp.resolve("patches.nt");
        Path store = tmp.resolve("store");
        CommandLineTest.floe("triplify", "--input", json.toString(), "--out", nt.toString(), "--quiet");
        CommandLineTest.floe("load", "--store", store.toString(), nt.toString(), "--quiet");
        Path q = Files.writeString(tmp.resolve("nolabel.rq"),
                "PREFIX floe: <https://w3id.org/floe/ontology#>\nSELECT ?sample ?raster { ?sample floe:rasterFile ?raster }\n");
        CommandLineTest.Run r = CommandLineTest.floe("trainingset", "create", "--store", store.toString(), "--query", q.toString(),
                "--name", "bad");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("floe: " + q + ": the query does not select ?label (it selects ?sample ?raster)"), r.err());
        assertFalse(Files.exists(store.resolve("trainingsets/bad")));

        CommandLineTest.Run badModel = CommandLineTest.floe("train", "--store", store.toString(), "--trainingset", "x", "--model", "rf");
        assertEquals(2, badModel.exit());
        assertEquals("floe: --model rf (sar-cnn, s2-cnn)\n", badModel.err());
        CommandLineTest.Run noSet = CommandLineTest.floe("train", "--store", store.toString(), "--trainingset", "x", "--model", "sar-cnn");
        assertEquals(1, noSet.exit());
        assertTrue(noSet.err().startsWith("floe: " + store.toAbsolutePath() + ": no training set called x"), noSet.err());
    }

    @Test
    void s2patchesCutsARealProductAndCountsEveryPatch() throws IOException {
        Path item = Path.of("..", "..", "shared", "data", "stac", "mapchete-eo-s2-l2a", "sentinel-2-l2a",
                "S2A_33TWM_20230815_0_L2A", "S2A_33TWM_20230815_0_L2A.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(item), "no ../shared/data/stac/mapchete-eo-s2-l2a");
        Path out = tmp.resolve("s2.nt");
        CommandLineTest.Run r = CommandLineTest.floe("s2patches", "--input", item.toString(), "--out", out.toString(), "--size", "61");
        assertEquals(0, r.exit(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("s2patches: 1 products, (\\d+) patches, (\\d+) skipped").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertEquals(15 * 15, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)));
        try (java.util.stream.Stream<Path> files = Files.list(tmp.resolve("s2.nt.patches"))) {
            assertEquals(Integer.parseInt(m.group(1)), files.count());
        }

        Path notStac = Files.writeString(tmp.resolve("x.json"), "{\"type\": \"Feature\", \"id\": \"x\", \"assets\": {}}");
        CommandLineTest.Run bad = CommandLineTest.floe("s2patches", "--input", notStac.toString(), "--out", tmp.resolve("bad.nt").toString());
        assertEquals(1, bad.exit());
        assertEquals("floe: " + notStac.toAbsolutePath() + ": item x has no asset \"blue\"\n", bad.err());
        assertFalse(Files.exists(tmp.resolve("bad.nt")));
    }
}
