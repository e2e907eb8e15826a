package dev.floe.interlink;

import java.util.Map;

import dev.floe.geo.Relation;

/**
 * What an interlinking run did.
 *
 * @param sourceFeatures features read from the source
 * @param targetFeatures features read from the target
 * @param candidates     pairs whose envelopes intersect, each verified with one DE-9IM matrix
 * @param links          links written, per relation
 * @param millis         wall time of blocking and verification
 */
public record InterlinkStats(long sourceFeatures, long targetFeatures, long candidates, Map<Relation, Long> links,
                             long millis) {

    public InterlinkStats {
        links = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(links));
    }

    /** All links written. */
    public long totalLinks() {
        return links.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for humans. */
    public String describe() {
        double seconds = Math.max(millis, 1) / 1000.0;
        return String.format(java.util.Locale.ROOT, "%,d x %,d features, %,d candidate pairs verified (%,.0f pairs/s), "
                + "%,d links %s in %.2f s", sourceFeatures, targetFeatures, candidates, candidates / seconds, totalLinks(),
                links, seconds);
    }
}
