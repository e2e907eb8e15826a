package dev.floe.interlink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.Wkt;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.geometry.GeometryCheck;

/**
 * Reads the features of RDF files (any RIOT syntax, gzip too): every subject with a geo:hasDefaultGeometry
 * (else a geo:hasGeometry) whose geometry has a geo:asWKT, in any CRS, transformed to CRS84. Invalid
 * geometries follow the same repair/skip/fail policy as triplify; each one is reported.
 */
public final class FeatureReader {

    /** The features of a layer and what was done to them. */
    public record Layer(List<SpatialFeature> features, List<String> repaired, List<String> skipped) {
    }

    private final GeometryCheck check;

    public FeatureReader(InvalidGeometryPolicy policy) {
        this.check = new GeometryCheck(policy);
    }

    public Layer read(List<Path> files) {
        Map<Node, Node> defaultGeometry = new LinkedHashMap<>();
        Map<Node, Node> anyGeometry = new LinkedHashMap<>();
        Map<Node, Node> wkt = new HashMap<>();
        Map<Node, Path> origin = new HashMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new InterlinkException(file + ": no such file");
            }
            StreamRDFBase sink = new StreamRDFBase() {
                @Override
                public void triple(Triple t) {
                    Node p = t.getPredicate();
                    if (p.equals(GeoSparql.hasDefaultGeometry.asNode())) {
                        defaultGeometry.putIfAbsent(t.getSubject(), t.getObject());
                        origin.putIfAbsent(t.getSubject(), file);
                    } else if (p.equals(GeoSparql.hasGeometry.asNode())) {
                        anyGeometry.putIfAbsent(t.getSubject(), t.getObject());
                        origin.putIfAbsent(t.getSubject(), file);
                    } else if (p.equals(GeoSparql.asWKT.asNode()) && t.getObject().isLiteral()) {
                        wkt.putIfAbsent(t.getSubject(), t.getObject());
                    }
                }

                @Override
                public void quad(Quad q) {
                    triple(q.asTriple());
                }
            };
            try {
                RDFParser.source(file).parse(sink);
            } catch (RiotException e) {
                throw new InterlinkException(file + ": " + e.getMessage(), e);
            }
        }
        anyGeometry.forEach(defaultGeometry::putIfAbsent);
        List<Record> records = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Node, Node> e : defaultGeometry.entrySet()) {
            Node literal = wkt.get(e.getValue());
            if (literal == null) {
                missing.add(origin.get(e.getKey()) + ": <" + e.getKey().getURI() + ">: its geometry has no geo:asWKT");
                continue;
            }
            records.add(new Record(e.getKey().getURI(), literal.getLiteralLexicalForm(), String.valueOf(origin.get(e.getKey()))));
        }
        Layer layer = layer(records);
        List<String> skipped = new ArrayList<>(missing);
        skipped.addAll(layer.skipped());
        return new Layer(layer.features(), layer.repaired(), skipped);
    }

    /** A feature as found in some source: its IRI, its WKT literal's lexical form, and where it came from. */
    public record Record(String iri, String wkt, String origin) {
    }

    /** Turns records (from files or a store query) into a layer, applying the invalid-geometry policy. */
    public Layer layer(Iterable<Record> records) {
        List<SpatialFeature> features = new ArrayList<>();
        List<String> repaired = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Record r : records) {
            String where = r.origin() + ": <" + r.iri() + ">";
            Geometry g;
            try {
                g = Wkt.readCrs84(r.wkt());
            } catch (ParseException e) {
                throw new InterlinkException(where + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new InterlinkException(where + ": unreadable WKT \"" + abbreviate(r.wkt()) + "\": " + e.getMessage(), e);
            }
            GeometryCheck.Outcome outcome = check.check(g);
            switch (outcome.action()) {
                case KEPT -> features.add(new SpatialFeature(r.iri(), g));
                case REPAIRED -> {
                    repaired.add(where + ": " + outcome.reason());
                    features.add(new SpatialFeature(r.iri(), outcome.geometry()));
                }
                case SKIPPED -> skipped.add(where + ": " + outcome.reason());
                default -> throw new InterlinkException(where + ": " + outcome.reason()
                        + " (use --on-invalid repair or skip to go on)");
            }
        }
        return new Layer(features, repaired, skipped);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
