package dev.floe.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.data.ImageSamples;
import dev.floe.ml.model.CnnSpec;
import dev.floe.ml.sar.SarRecord;
import dev.floe.ml.sar.SarRecordReader;
import dev.floe.ml.sar.SarSamples;
import dev.floe.ml.sar.SarTestData;
import dev.floe.ml.train.EpochMetrics;
import dev.floe.ml.train.TrainingOptions;
import dev.floe.ml.train.TrainingResult;

public class TrainerTest {

    /** The seed's family, shrunk so a test trains in seconds. */
    static final CnnSpec TINY_SAR = CnnSpec.sar(75, new int[] {4, 8, 8}, 8).withLearningRate(0.01);

    @TempDir
    Path dir;

    private ImageSamples written(int n, long seed) throws IOException {
        Path file = SarTestData.writeArray(dir.resolve("train-" + seed + ".json"), SarTestData.records(n, 75, seed));
        return SarSamples.of(new SarRecordReader(75, true).readAll(file));
    }

    @Test
    void sarCnnLossFallsOnRecordsInTheTrainJsonFormatAndPrintsSamplesPerSecond() throws IOException {
        ImageSamples train = written(16, 11);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TrainingResult result = new Trainer(new PrintStream(err, true, StandardCharsets.UTF_8))
                .train(TINY_SAR, train, train.subset(new int[0]), new TrainingOptions(6, 4, 42));
        List<EpochMetrics> epochs = result.epochs();
        assertEquals(6, epochs.size());
        assertTrue(epochs.get(5).trainLoss() < epochs.get(0).trainLoss() * 0.9,
                "loss should fall: " + epochs);
        assertTrue(Double.isNaN(epochs.get(0).validationLoss()));
        String progress = err.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("epoch 6/6: 16 samples in ") && progress.contains(" samples/s"), progress);
    }

    @Test
    void sameSeedGivesTheSameMetricsAndAnotherSeedDoesNot() throws IOException {
        ImageSamples train = written(8, 5);
        ImageSamples validation = written(4, 6);
        TrainingOptions options = new TrainingOptions(2, 4, 7);
        List<EpochMetrics> a = strip(new Trainer(null).train(TINY_SAR, train, validation, options).epochs());
        List<EpochMetrics> b = strip(new Trainer(null).train(TINY_SAR, train, validation, options).epochs());
        List<EpochMetrics> c = strip(new Trainer(null).train(TINY_SAR, train, validation, new TrainingOptions(2, 4, 8)).epochs());
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    /** Throughput differs run to run; everything else must not. */
    public static List<EpochMetrics> strip(List<EpochMetrics> epochs) {
        List<EpochMetrics> out = new ArrayList<>();
        for (EpochMetrics m : epochs) {
            out.add(new EpochMetrics(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(), 0));
        }
        return out;
    }

    @Test
    void samplesThatDoNotFitTheModelAreRejected() throws IOException {
        ImageSamples train = written(2, 3);
        CnnSpec s2 = CnnSpec.s2(75, 2, new int[] {4}, 4);
        MlDataException e = assertThrows(MlDataException.class,
                () -> new Trainer(null).train(s2, train, train, new TrainingOptions(1, 2, 1)));
        assertTrue(e.getMessage().contains("do not fit the s2-cnn model"), e.getMessage());
    }

    @Test
    void learnsOnTheThreeRealLabelledRecords() {
        Path real = SarTestData.realRecords();
        assumeTrue(real != null, "../shared/data/sar-patches is not in this checkout");
        List<SarRecord> records = new ArrayList<>();
        SarRecordReader reader = new SarRecordReader(SarRecordReader.STATOIL_SIDE, true);
        for (String name : List.of("train_single.json", "train_single_10.json", "train_single_35.json")) {
            records.addAll(reader.readAll(real.resolve(name)));
        }
        ImageSamples samples = SarSamples.of(records);
        assertEquals(List.of(1, 2), java.util.Arrays.stream(samples.classCounts()).boxed().toList());
        TrainingResult result = new Trainer(null).train(TINY_SAR, samples, samples.subset(new int[0]), new TrainingOptions(8, 3, 1));
        assertTrue(result.last().trainLoss() < result.epochs().get(0).trainLoss(), "loss should fall: " + result.epochs());
    }
}
