package dev.floe.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway runs.
 *
 * @param useSummaries prune sources by member summaries before FedX's ASK probes (false: plain FedX, the
 *                     benchmark's baseline)
 * @param queryTimeout a federated query running longer is cancelled
 */
public record GatewayOptions(boolean useSummaries, Duration queryTimeout) {

    public GatewayOptions {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
    }

    /** Summaries on, a 60 s query timeout. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(true, Duration.ofSeconds(60));
    }

    public GatewayOptions withQueryTimeout(Duration timeout) {
        return new GatewayOptions(useSummaries, timeout);
    }
}
