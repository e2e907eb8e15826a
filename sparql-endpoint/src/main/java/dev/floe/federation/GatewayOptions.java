package dev.floe.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway runs.
 *
 * @param useSummaries prune sources by member summaries before FedX's ASK probes (false: plain FedX, the
 *                     benchmark's baseline)
 * @param queryTimeout a federated query running longer is cancelled
 * @param colocatedFeatures take a feature's triples and its geometry's triples to live in one member (data split
 *                     by region and theme): pruning a member for one of them prunes it for all, so a spatially
 *                     irrelevant member is not asked at all; false keeps pruning per triple pattern
 */
public record GatewayOptions(boolean useSummaries, Duration queryTimeout, boolean colocatedFeatures) {

    public GatewayOptions {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
    }

    /** Summaries on, a 60 s query timeout, co-located features. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(true, Duration.ofSeconds(60), true);
    }

    /** Plain FedX: no summaries, ASK probes only (the benchmark's baseline). */
    public static GatewayOptions plainFedX() {
        return new GatewayOptions(false, Duration.ofSeconds(60), false);
    }

    public GatewayOptions withQueryTimeout(Duration timeout) {
        return new GatewayOptions(useSummaries, timeout, colocatedFeatures);
    }

    public GatewayOptions withColocatedFeatures(boolean colocated) {
        return new GatewayOptions(useSummaries, queryTimeout, colocated);
    }
}
