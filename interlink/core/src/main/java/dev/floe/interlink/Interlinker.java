package dev.floe.interlink;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.IntersectionMatrix;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.hprtree.HPRtree;
import org.locationtech.jts.operation.relateng.RelateNG;

import dev.floe.geo.Relation;

/**
 * Entry point of the interlink module: finds every pair (source, target) for which the requested
 * topological relations ({@link LinkRelations}) hold, exactly as DE-9IM defines them (floe-geo's {@link Relation}).
 *
 * <p>Blocking: a packed R-tree (JTS's HPRtree) over the target envelopes; each source feature looks up only the targets whose
 * envelopes meet its own (every supported relation implies intersection). Verification: one DE-9IM matrix
 * per candidate gives every requested relation at once (JTS RelateNG, the source geometry prepared once for
 * all its candidates; it also handles geometry collections); when only intersects is asked for, a prepared
 * geometry answers it without the matrix. Sources are processed in parallel blocks on all cores; links
 * are emitted in source order, then target order, so the output is the same on every run.
 * Instances are immutable and thread-safe.
 */
public final class Interlinker {

    /** Receives one link. Called from the calling thread only, in a deterministic order. */
    @FunctionalInterface
    public interface LinkSink {
        void link(SpatialFeature source, Relation relation, SpatialFeature target);
    }

    private static final int BLOCK = 4096;
    /** The relations by ordinal, read for every link ({@code Relation.values()} copies its array each call). */
    private static final Relation[] RELATIONS = Relation.values();

    private final Set<Relation> relations;
    private final Blocking blocking;

    public Interlinker(Set<Relation> relations) {
        this(relations, Blocking.R_TREE);
    }

    public Interlinker(Set<Relation> relations, Blocking blocking) {
        if (relations.isEmpty()) {
            throw new IllegalArgumentException("no relations requested");
        }
        if (!LinkRelations.ALL.containsAll(relations)) {
            throw new IllegalArgumentException("the interlinker finds only " + LinkRelations.ALL + "; asked for " + relations);
        }
        this.relations = EnumSet.copyOf(relations);
        this.blocking = blocking;
    }

    public InterlinkStats link(List<SpatialFeature> source, List<SpatialFeature> target, LinkSink sink) {
        if (blocking == Blocking.GRID) {
            return new GridBlocking(relations).link(source, target, sink);
        }
        long start = System.nanoTime();
        // JTS's Hilbert-packed R-tree: on 100,000 octagons and 1,000,000 point lookups it builds 3x and answers 2x to
        // 4x faster than its STRtree, the tree used before (docs/BENCHMARKS.md, "Interlinking end to end")
        HPRtree index = new HPRtree();
        for (int j = 0; j < target.size(); j++) {
            Geometry g = target.get(j).geometry();
            if (!g.isEmpty()) {
                index.insert(g.getEnvelopeInternal(), j);
            }
        }
        index.build();
        AtomicLong candidates = new AtomicLong();
        long[] counts = new long[RELATIONS.length];
        boolean intersectsOnly = relations.equals(EnumSet.of(Relation.INTERSECTS));
        for (int from = 0; from < source.size(); from += BLOCK) {
            int to = Math.min(source.size(), from + BLOCK);
            @SuppressWarnings("unchecked")
            List<int[]>[] found = new List[to - from];
            int base = from;
            IntStream.range(from, to).parallel().forEach(i -> {
                found[i - base] = verify(source.get(i).geometry(), target, index, intersectsOnly, candidates);
            });
            for (int i = from; i < to; i++) {
                for (int[] link : found[i - base]) {
                    sink.link(source.get(i), RELATIONS[link[1]], target.get(link[0]));
                    counts[link[1]]++;
                }
            }
        }
        Map<Relation, Long> perRelation = new EnumMap<>(Relation.class);
        relations.forEach(r -> perRelation.put(r, counts[r.ordinal()]));
        return new InterlinkStats(source.size(), target.size(), candidates.get(), perRelation,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The relations (as ordinals) that hold between two geometries, from one DE-9IM matrix. */
    static void relate(IntersectionMatrix m, Geometry a, Geometry b, Set<Relation> relations, int j, List<int[]> out) {
        for (Relation r : holding(m, a, b, relations)) {
            out.add(new int[] {j, r.ordinal()});
        }
    }

    /**
     * The per-pair decision every interlinker makes, locally and on Spark: which of {@code relations} hold from
     * {@code a} to {@code b}, read from their DE-9IM matrix {@code m}; none for a disjoint pair (no relation
     * floe links is implied by disjointness).
     */
    public static List<Relation> holding(IntersectionMatrix m, Geometry a, Geometry b, Set<Relation> relations) {
        if (!m.isIntersects()) {
            return List.of();
        }
        List<Relation> out = new ArrayList<>(1);
        for (Relation r : relations) {
            if (r.holds(m, a.getDimension(), b.getDimension())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The links of one source geometry: pairs {target index, relation ordinal}, in target order. */
    private List<int[]> verify(Geometry a, List<SpatialFeature> target, HPRtree index, boolean intersectsOnly,
                               AtomicLong candidates) {
        List<int[]> out = new ArrayList<>(0);
        if (a.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Integer> hits = index.query(a.getEnvelopeInternal());
        hits.sort(null);
        candidates.addAndGet(hits.size());
        PreparedGeometry prepared = intersectsOnly ? PreparedGeometryFactory.prepare(a) : null;
        RelateNG relate = intersectsOnly ? null : RelateNG.prepare(a);
        for (int j : hits) {
            Geometry b = target.get(j).geometry();
            if (intersectsOnly) {
                if (prepared.intersects(b)) {
                    out.add(new int[] {j, Relation.INTERSECTS.ordinal()});
                }
                continue;
            }
            relate(relate.evaluate(b), a, b, relations, j, out);
        }
        return out;
    }
}
