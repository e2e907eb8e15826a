package dev.floe.interlink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.relateng.RelateNG;

import dev.floe.geo.Relation;

/**
 * {@link Blocking#GRID}: the source envelopes in an equigrid, the targets streamed through it in parallel
 * blocks (GIA.nt's scheme), each pair verified once in the cell that holds the lower-left corner of the
 * intersection of the two envelopes. Links are sorted into source, target, relation order before they are
 * emitted, so the output equals the R-tree variant's.
 */
final class GridBlocking {

    private static final int BLOCK = 4096;

    private final Set<Relation> relations;

    GridBlocking(Set<Relation> relations) {
        this.relations = relations;
    }

    InterlinkStats link(List<SpatialFeature> source, List<SpatialFeature> target, Interlinker.LinkSink sink) {
        long start = System.nanoTime();
        Envelope extent = new Envelope();
        double widths = 0;
        double heights = 0;
        int n = 0;
        for (SpatialFeature f : source) {
            Envelope e = f.geometry().getEnvelopeInternal();
            if (!e.isNull()) {
                extent.expandToInclude(e);
                widths += e.getWidth();
                heights += e.getHeight();
                n++;
            }
        }
        Map<Relation, Long> counts = new EnumMap<>(Relation.class);
        relations.forEach(r -> counts.put(r, 0L));
        if (n == 0) {
            return new InterlinkStats(source.size(), target.size(), 0, counts, 0);
        }
        // cells as large as the average source envelope, but not more than about 4 cells per source
        double floorW = extent.getWidth() / Math.sqrt(4.0 * n);
        double floorH = extent.getHeight() / Math.sqrt(4.0 * n);
        double cellW = Math.max(widths / n, Math.max(floorW, 1e-9));
        double cellH = Math.max(heights / n, Math.max(floorH, 1e-9));
        Grid grid = new Grid(extent.getMinX(), extent.getMinY(), cellW, cellH);
        Map<Long, List<Integer>> cells = new HashMap<>();
        for (int i = 0; i < source.size(); i++) {
            Envelope e = source.get(i).geometry().getEnvelopeInternal();
            if (e.isNull()) {
                continue;
            }
            for (long cx = grid.col(e.getMinX()); cx <= grid.col(e.getMaxX()); cx++) {
                for (long cy = grid.row(e.getMinY()); cy <= grid.row(e.getMaxY()); cy++) {
                    cells.computeIfAbsent(Grid.key(cx, cy), k -> new ArrayList<>()).add(i);
                }
            }
        }
        AtomicLong candidates = new AtomicLong();
        ConcurrentLinkedQueue<int[]> links = new ConcurrentLinkedQueue<>();
        for (int from = 0; from < target.size(); from += BLOCK) {
            IntStream.range(from, Math.min(target.size(), from + BLOCK)).parallel().forEach(j -> {
                Geometry b = target.get(j).geometry();
                Envelope eb = b.getEnvelopeInternal();
                if (eb.isNull()) {
                    return;
                }
                List<int[]> found = new ArrayList<>(0);
                for (long cx = grid.col(eb.getMinX()); cx <= grid.col(eb.getMaxX()); cx++) {
                    for (long cy = grid.row(eb.getMinY()); cy <= grid.row(eb.getMaxY()); cy++) {
                        List<Integer> inCell = cells.get(Grid.key(cx, cy));
                        if (inCell == null) {
                            continue;
                        }
                        for (int i : inCell) {
                            Geometry a = source.get(i).geometry();
                            Envelope ea = a.getEnvelopeInternal();
                            if (!ea.intersects(eb)) {
                                continue;
                            }
                            // reference point: verify the pair only in the cell of the intersection's lower-left corner
                            double rx = Math.max(ea.getMinX(), eb.getMinX());
                            double ry = Math.max(ea.getMinY(), eb.getMinY());
                            if (grid.col(rx) != cx || grid.row(ry) != cy) {
                                continue;
                            }
                            candidates.incrementAndGet();
                            found.clear();
                            Interlinker.relate(RelateNG.relate(a, b), a, b, relations, j, found);
                            for (int[] link : found) {
                                links.add(new int[] {i, j, link[1]});
                            }
                        }
                    }
                }
            });
        }
        List<int[]> sorted = new ArrayList<>(links);
        sorted.sort(Comparator.<int[]>comparingInt(l -> l[0]).thenComparingInt(l -> l[1]).thenComparingInt(l -> l[2]));
        for (int[] l : sorted) {
            Relation r = Relation.values()[l[2]];
            sink.link(source.get(l[0]), r, target.get(l[1]));
            counts.merge(r, 1L, Long::sum);
        }
        return new InterlinkStats(source.size(), target.size(), candidates.get(), counts,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Cell arithmetic of an equigrid anchored at the source extent's lower-left corner. */
    private record Grid(double x0, double y0, double w, double h) {
        long col(double x) {
            return (long) Math.floor((x - x0) / w);
        }

        long row(double y) {
            return (long) Math.floor((y - y0) / h);
        }

        static long key(long cx, long cy) {
            return (cx << 32) ^ (cy & 0xffffffffL);
        }
    }
}
