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
 * @param localMemberToken sent to the local-store member as {@link FederatedGateway#LOCAL_MEMBER_HEADER}, so that
 *                     the server it belongs to answers the gateway's sub-queries without its row cap (the cap
 *                     applies to the federated answer instead); null for none
 */
public record GatewayOptions(boolean useSummaries, Duration queryTimeout, boolean colocatedFeatures, String localMemberToken) {

    public GatewayOptions {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
    }

    /** Summaries on, a 60 s query timeout, co-located features. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(true, Duration.ofSeconds(60), true, null);
    }

    /** Plain FedX: no summaries, ASK probes only (the benchmark's baseline). */
    public static GatewayOptions plainFedX() {
        return new GatewayOptions(false, Duration.ofSeconds(60), false, null);
    }

    public GatewayOptions withQueryTimeout(Duration timeout) {
        return new GatewayOptions(useSummaries, timeout, colocatedFeatures, localMemberToken);
    }

    public GatewayOptions withColocatedFeatures(boolean colocated) {
        return new GatewayOptions(useSummaries, queryTimeout, colocated, localMemberToken);
    }

    public GatewayOptions withLocalMemberToken(String token) {
        return new GatewayOptions(useSummaries, queryTimeout, colocatedFeatures, token);
    }
}
