package dev.floe.ml.monitoring;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One logged request to a served model and its answer, as the {@link InferenceLog} writes it (schema {@code
 * inference-record.avsc} beside this class). Immutable: the lists and arrays are copied in.
 *
 * <p>{@code time} is kept to the millisecond, as the file stores it, so a record read back equals the one logged;
 * {@code alias} and {@code error} are null when there is none; {@code version} is 0 when no version was resolved.
 */
public record InferenceRecord(String requestId, String model, long version, String alias, String protocol,
                              Instant time, long latencyMicros, int status, String error, List<Row> rows) {

    public InferenceRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(protocol, "protocol");
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /**
     * One row: subject IRI, its product IRI, the recorded prediction's IRI (each null when unknown), the summaries of
     * the input channels, the extra inputs, the outputs (probabilities in the version's class order, the top class and
     * its probability; null/empty for a failed request), and the full raw input (channel-major floats) when this
     * request was sampled, else null. Equal when every field is, arrays by content.
     */
    public record Row(String subject, String product, String prediction, List<ChannelSummary> channels,
                      List<Extra> extras, float[] probabilities, String predictedClass, Float confidence, float[] input) {

        public Row {
            channels = channels == null ? List.of() : List.copyOf(channels);
            extras = extras == null ? List.of() : List.copyOf(extras);
            probabilities = probabilities == null ? null : probabilities.clone();
            input = input == null ? null : input.clone();
        }

        /**
         * The row described by {@link PatchSummary} features: {@code features} holds, as {@link PatchSummary#of} gives
         * them, the statistics of the named {@code channels} then the values of the named {@code extras}.
         */
        public static Row summarised(String subject, String product, String prediction, List<String> channels,
                                     List<String> extras, double[] features, float[] probabilities, String predictedClass,
                                     Float confidence, float[] input) {
            int per = PatchSummary.CHANNEL_STATISTICS.size();
            if (features.length != channels.size() * per + extras.size()) {
                throw new IllegalArgumentException(channels.size() + " channels and " + extras.size() + " extras have "
                        + (channels.size() * per + extras.size()) + " features, not " + features.length);
            }
            List<ChannelSummary> summaries = new ArrayList<>(channels.size());
            for (int c = 0; c < channels.size(); c++) {
                int f = c * per;
                summaries.add(new ChannelSummary(channels.get(c), features[f], features[f + 1], features[f + 2],
                        features[f + 3], features[f + 4]));
            }
            List<Extra> extraValues = new ArrayList<>(extras.size());
            for (int e = 0; e < extras.size(); e++) {
                extraValues.add(new Extra(extras.get(e), features[channels.size() * per + e]));
            }
            return new Row(subject, product, prediction, summaries, extraValues, probabilities, predictedClass,
                    confidence, input);
        }

        /** mean, std, p5, p95, nodata of each channel then each extra's value: PatchSummary's feature order. */
        public double[] features() {
            int per = PatchSummary.CHANNEL_STATISTICS.size();
            double[] out = new double[channels.size() * per + extras.size()];
            int f = 0;
            for (ChannelSummary c : channels) {
                out[f++] = c.mean();
                out[f++] = c.std();
                out[f++] = c.p5();
                out[f++] = c.p95();
                out[f++] = c.noData();
            }
            for (Extra e : extras) {
                out[f++] = e.value();
            }
            return out;
        }

        /** A copy of the probabilities, null when there are none. */
        @Override
        public float[] probabilities() {
            return probabilities == null ? null : probabilities.clone();
        }

        /** A copy of the sampled raw input, null when this request was not sampled. */
        @Override
        public float[] input() {
            return input == null ? null : input.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Objects.equals(subject, r.subject) && Objects.equals(product, r.product)
                    && Objects.equals(prediction, r.prediction) && channels.equals(r.channels) && extras.equals(r.extras)
                    && Arrays.equals(probabilities, r.probabilities) && Objects.equals(predictedClass, r.predictedClass)
                    && Objects.equals(confidence, r.confidence) && Arrays.equals(input, r.input);
        }

        @Override
        public int hashCode() {
            return Objects.hash(subject, product, prediction, channels, extras, Arrays.hashCode(probabilities),
                    predictedClass, confidence, Arrays.hashCode(input));
        }

        @Override
        public String toString() {
            return "Row[subject=" + subject + ", product=" + product + ", prediction=" + prediction + ", channels="
                    + channels + ", extras=" + extras + ", probabilities=" + Arrays.toString(probabilities)
                    + ", predictedClass=" + predictedClass + ", confidence=" + confidence + ", input="
                    + (input == null ? "null" : input.length + " values") + "]";
        }
    }

    /** The statistics of one channel's valid pixels (see {@link PatchSummary}); {@code noData} is a fraction. */
    public record ChannelSummary(String channel, double mean, double std, double p5, double p95, double noData) {
    }

    /** One non-raster input of a row (e.g. the incidence angle) and its value. */
    public record Extra(String name, double value) {
    }
}
