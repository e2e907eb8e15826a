package dev.floe.interlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.IntersectionMatrix;

import dev.floe.geo.Relation;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * On real Natural Earth layers (public domain), triplified by floe, the link set equals a brute-force
 * all-pairs DE-9IM (JTS's classic RelateOp, an independent implementation), relation by relation.
 */
class InterlinkerTest {

    @TempDir
    static Path tmp;

    static FeatureReader.Layer layer(String geojson) {
        try {
            Path in = Path.of(InterlinkerTest.class.getResource(geojson).toURI());
            Path nt = tmp.resolve(geojson.replace(".json", ".nt"));
            new Triplifier(TriplifyOptions.defaults()).triplify(in, nt);
            return new FeatureReader(InvalidGeometryPolicy.REPAIR).read(List.of(nt));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<Relation, TreeSet<String>> byInterlinker(List<SpatialFeature> a, List<SpatialFeature> b, InterlinkStats[] stats,
                                                         Blocking blocking) {
        Map<Relation, TreeSet<String>> out = new EnumMap<>(Relation.class);
        stats[0] = new Interlinker(LinkRelations.ALL, blocking).link(a, b,
                (s, r, t) -> out.computeIfAbsent(r, k -> new TreeSet<>()).add(s.iri() + " " + t.iri()));
        return out;
    }

    static Map<Relation, TreeSet<String>> byBruteForce(List<SpatialFeature> a, List<SpatialFeature> b) {
        Map<Relation, TreeSet<String>> out = new EnumMap<>(Relation.class);
        for (SpatialFeature s : a) {
            for (SpatialFeature t : b) {
                IntersectionMatrix m = s.geometry().relate(t.geometry());
                for (Relation r : LinkRelations.ALL) {
                    if (r.holds(m, s.geometry().getDimension(), t.geometry().getDimension())) {
                        out.computeIfAbsent(r, k -> new TreeSet<>()).add(s.iri() + " " + t.iri());
                    }
                }
            }
        }
        return out;
    }

    static void assertSameLinks(String source, String target) {
        List<SpatialFeature> a = layer(source).features();
        List<SpatialFeature> b = layer(target).features();
        Map<Relation, TreeSet<String>> brute = byBruteForce(a, b);
        for (Blocking blocking : Blocking.values()) {
            InterlinkStats[] stats = new InterlinkStats[1];
            Map<Relation, TreeSet<String>> fast = byInterlinker(a, b, stats, blocking);
            for (Relation r : LinkRelations.ALL) {
                assertEquals(brute.getOrDefault(r, new TreeSet<>()), fast.getOrDefault(r, new TreeSet<>()),
                        source + " x " + target + ", " + blocking + ": " + r);
            }
            assertTrue(stats[0].candidates() < (long) a.size() * b.size(), blocking + " must prune pairs: " + stats[0].describe());
            assertTrue(stats[0].totalLinks() > 0, source + " x " + target + " has links");
        }
    }

    @Test
    void pointsInPolygonsEqualBruteForce() {
        assertSameLinks("ne_110m_populated_places_simple.json", "ne_110m_admin_0_countries.json");
    }

    @Test
    void polygonsAgainstPolygonsEqualBruteForce() {
        assertSameLinks("ne_110m_lakes.json", "ne_110m_admin_0_countries.json");
        assertSameLinks("ne_110m_glaciated_areas.json", "ne_110m_geography_marine_polys.json");
    }

    @Test
    void linesAgainstPolygonsEqualBruteForce() {
        assertSameLinks("ne_110m_rivers_lake_centerlines.json", "ne_110m_admin_0_countries.json");
    }

    @Test
    void relationNamesParseAndBadNamesAreListed() {
        assertEquals(LinkRelations.ALL, LinkRelations.parse("all"));
        assertEquals(EnumSet.of(Relation.WITHIN, Relation.COVERED_BY), LinkRelations.parse("within, coveredBy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkRelations.parse("inside"));
        assertEquals("unknown relation 'inside'; use all or some of [contains, coveredBy, covers, crosses, equals, "
                + "intersects, overlaps, touches, within]", e.getMessage());
    }

    @Test
    void bothBlockingsGiveTheSameLinksInTheSameOrderEveryRun() {
        List<SpatialFeature> a = layer("ne_110m_rivers_lake_centerlines.json").features();
        List<SpatialFeature> b = layer("ne_110m_admin_0_countries.json").features();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<String> grid = new ArrayList<>();
        new Interlinker(LinkRelations.ALL).link(a, b, (s, r, t) -> first.add(s.iri() + r + t.iri()));
        new Interlinker(LinkRelations.ALL).link(a, b, (s, r, t) -> second.add(s.iri() + r + t.iri()));
        new Interlinker(LinkRelations.ALL, Blocking.GRID).link(a, b, (s, r, t) -> grid.add(s.iri() + r + t.iri()));
        assertEquals(first, second);
        assertEquals(first, grid);
    }
}
