package dev.floe.store.spark;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase2;
import org.apache.jena.sparql.function.FunctionBase3;
import org.apache.jena.sparql.function.FunctionFactory;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.locationtech.jts.geom.Geometry;

import dev.floe.geo.Crs84;
import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Geodesy;
import dev.floe.geo.Relation;
import dev.floe.geo.UtmZone;
import dev.floe.geo.Wkt;

/**
 * The GeoSPARQL filter functions the Spark engine evaluates, as Jena functions over geo:wktLiteral values: the
 * topological relations (geof:sf*, eh*, rcc8*) decided by floe's DE-9IM table ({@link Relation#holds}) on CRS84
 * geometries, as the interlinker and the TDB2 store's corrected relations do, and geof:distance in linear units on
 * WGS84 lon/lat as PostGIS geography measures it ({@link Geodesy}), as the TDB2 store's geof:distance does, and
 * geof:buffer and geof:area in metres in the UTM zone of the geometry ({@link UtmZone}), as the TDB2 store's do. They are
 * installed on a registry of the engine's own (the standard functions beneath), never on Jena's global one.
 */
public final class GeofFunctions {

    static final String UOM = "http://www.opengis.net/def/uom/OGC/1.0/";
    /** Linear units and their size in metres. */
    static final Map<String, Double> LINEAR_UNITS = Map.of(UOM + "metre", 1.0, UOM + "meter", 1.0,
            UOM + "kilometre", 1000.0, UOM + "kilometer", 1000.0);
    static final String DISTANCE = GeoSparqlIris.GEOF + "distance";

    private GeofFunctions() {
    }

    /** The IRIs of the geof: functions the engine evaluates. */
    public static Set<String> supported() {
        Map<String, FunctionFactory> all = functions();
        return all.keySet();
    }

    /**
     * A registry with the standard SPARQL functions and these. Other GeoSPARQL and Jena spatial functions are left
     * out even where a library (jena-geosparql) has put them on Jena's global registry, so the engine evaluates the
     * same functions on every classpath and refuses the others.
     */
    public static FunctionRegistry registry() {
        FunctionRegistry r = FunctionRegistry.createFrom(FunctionRegistry.standardRegistry());
        List<String> foreign = new java.util.ArrayList<>();
        r.keys().forEachRemaining(k -> {
            if (k.startsWith(GeoSparqlIris.GEOF) || k.startsWith("http://jena.apache.org/")) {
                foreign.add(k);
            }
        });
        foreign.forEach(r::remove);
        functions().forEach(r::put);
        return r;
    }

    private static Map<String, FunctionFactory> functions() {
        Map<String, FunctionFactory> m = new TreeMap<>();
        for (Relation rel : Relation.values()) {
            if (rel.functionIri() != null) {
                m.put(rel.functionIri(), uri -> new RelationFunction(rel));
            }
        }
        m.put(DISTANCE, uri -> new DistanceFunction());
        m.put(GeoSparqlIris.GEOF + "buffer", uri -> new BufferFunction());
        m.put(GeoSparqlIris.AREA, uri -> new AreaFunction());
        m.put(GeoSparqlIris.GEOF + "relate", uri -> new RelateFunction());
        m.put(GeoSparqlIris.GEOF + "getSRID", uri -> new GetSrid());
        m.put(GeoSparqlIris.GEOF + "envelope", uri -> new Unary("envelope", Geometry::getEnvelope));
        m.put(GeoSparqlIris.GEOF + "boundary", uri -> new Unary("boundary", Geometry::getBoundary));
        m.put(GeoSparqlIris.GEOF + "convexHull", uri -> new Unary("convexHull", Geometry::convexHull));
        m.put(GeoSparqlIris.GEOF + "intersection", uri -> new Binary("intersection", Geometry::intersection));
        m.put(GeoSparqlIris.GEOF + "union", uri -> new Binary("union", Geometry::union));
        m.put(GeoSparqlIris.GEOF + "difference", uri -> new Binary("difference", Geometry::difference));
        m.put(GeoSparqlIris.GEOF + "symDifference", uri -> new Binary("symDifference", Geometry::symDifference));
        return m;
    }

    /** The CRS84 geometry of a geo:wktLiteral value; an evaluation error (so a FILTER is false) for anything else. */
    static Geometry geometry(NodeValue v, String function) {
        if (v.isLiteral() && v.getDatatypeURI() != null && v.getDatatypeURI().startsWith(GeoSparqlIris.GEO)
                && !GeoSparqlIris.WKT_LITERAL.equals(v.getDatatypeURI())) {
            throw new UnsupportedQueryException("GeoSPARQL functions on <" + v.getDatatypeURI() + "> values (only geo:wktLiteral)");
        }
        if (!v.isLiteral() || !GeoSparqlIris.WKT_LITERAL.equals(v.getDatatypeURI())) {
            throw new ExprEvalException(function + ": not a geo:wktLiteral: " + v);
        }
        try {
            return GeometryLiterals.crs84(v.asNode().getLiteralLexicalForm());
        } catch (Exception e) {
            throw new ExprEvalException(function + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the relation holds, as the TDB2 store decides it: floe's DE-9IM table, with the store's correction
     * (TopologyCorrections) that two empty geometries are equal.
     */
    static boolean holds(Relation relation, Geometry a, Geometry b) {
        if ((a.isEmpty() || b.isEmpty()) && Set.of("sfEquals", "ehEquals", "rcc8eq").contains(relation.localName())) {
            return a.isEmpty() && b.isEmpty();
        }
        return relation.holds(a, b);
    }

    /** A topological relation between two geometry literals. */
    static final class RelationFunction extends FunctionBase2 {
        private final Relation relation;

        RelationFunction(Relation relation) {
            this.relation = relation;
        }

        @Override
        public NodeValue exec(NodeValue a, NodeValue b) {
            return NodeValue.makeBoolean(holds(relation, geometry(a, relation.functionIri()), geometry(b, relation.functionIri())));
        }
    }

    /**
     * The geometry of a literal for a constructive function, which the TDB2 store computes in the plane of the
     * first geometry's CRS: the same plane as CRS84 for CRS84 and EPSG:4326 (axes swapped, exactly), any other CRS
     * is refused.
     */
    static Geometry planar(NodeValue v, String function) {
        if (v.isLiteral() && GeoSparqlIris.WKT_LITERAL.equals(v.getDatatypeURI())) {
            String crs = Wkt.crs(v.asNode().getLiteralLexicalForm());
            if (!Crs84.isCrs84(crs) && !crs.endsWith("/EPSG/0/4326")) {
                throw new UnsupportedQueryException("geof:" + function + " on geometries in " + crs + " (only CRS84 and EPSG:4326)");
            }
        }
        return geometry(v, GeoSparqlIris.GEOF + function);
    }

    /** A CRS84 geometry as a geo:wktLiteral value. */
    static NodeValue literal(Geometry g) {
        return NodeValue.makeNode(org.apache.jena.graph.NodeFactory.createLiteralDT(new org.locationtech.jts.io.WKTWriter(2).write(g),
                org.apache.jena.datatypes.TypeMapper.getInstance().getSafeTypeByName(GeoSparqlIris.WKT_LITERAL)));
    }

    /** geof:getSRID(g): the CRS IRI of a geometry literal (CRS84 where it names none), as a string, as the TDB2 store answers. */
    static final class GetSrid extends org.apache.jena.sparql.function.FunctionBase1 {
        @Override
        public NodeValue exec(NodeValue a) {
            geometry(a, GeoSparqlIris.GEOF + "getSRID");
            return NodeValue.makeString(Wkt.crs(a.asNode().getLiteralLexicalForm()));
        }
    }

    /** A constructive function of one geometry (envelope, boundary, convexHull), by JTS as in the TDB2 store. */
    static final class Unary extends org.apache.jena.sparql.function.FunctionBase1 {
        private final String name;
        private final java.util.function.UnaryOperator<Geometry> op;

        Unary(String name, java.util.function.UnaryOperator<Geometry> op) {
            this.name = name;
            this.op = op;
        }

        @Override
        public NodeValue exec(NodeValue a) {
            return literal(op.apply(planar(a, name)));
        }
    }

    /** A constructive function of two geometries (intersection, union, difference, symDifference), by JTS. */
    static final class Binary extends FunctionBase2 {
        private final String name;
        private final java.util.function.BinaryOperator<Geometry> op;

        Binary(String name, java.util.function.BinaryOperator<Geometry> op) {
            this.name = name;
            this.op = op;
        }

        @Override
        public NodeValue exec(NodeValue a, NodeValue b) {
            try {
                return literal(op.apply(planar(a, name), planar(b, name)));
            } catch (org.locationtech.jts.geom.TopologyException e) {
                throw new ExprEvalException("geof:" + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** geof:relate(a, b, pattern): whether the DE-9IM matrix of the two geometries matches the pattern. */
    static final class RelateFunction extends FunctionBase3 {
        @Override
        public NodeValue exec(NodeValue a, NodeValue b, NodeValue pattern) {
            if (!pattern.isString() || pattern.asString().length() != 9) {
                throw new ExprEvalException("geof:relate: the pattern must be a string of nine DE-9IM characters");
            }
            String f = GeoSparqlIris.GEOF + "relate";
            try {
                return NodeValue.makeBoolean(org.locationtech.jts.operation.relateng.RelateNG.relate(geometry(a, f), geometry(b, f))
                        .matches(pattern.asString()));
            } catch (IllegalArgumentException e) {
                throw new ExprEvalException("geof:relate: " + e.getMessage(), e);
            }
        }
    }

    /** The size in metres of linear units given as an IRI or string; refused unless metres or kilometres. */
    private static double metres(NodeValue units, String function) {
        String u = units.isIRI() ? units.asNode().getURI() : units.isString() ? units.asString() : null;
        Double size = u == null ? null : LINEAR_UNITS.get(u);
        if (size == null) {
            throw new UnsupportedQueryException(function + " in units " + units + " (only uom:metre and uom:kilometre)");
        }
        return size;
    }

    /**
     * geof:buffer(g, radius, units) of a lon/lat geometry by a linear radius, as the TDB2 store's GeodesicBuffer
     * computes it: {@link UtmZone#buffer} (the same code).
     */
    static final class BufferFunction extends FunctionBase3 {
        @Override
        public NodeValue exec(NodeValue g, NodeValue radius, NodeValue units) {
            if (!radius.isNumber()) {
                throw new ExprEvalException("geof:buffer: the radius must be a number, was " + radius);
            }
            if (!(units.isIRI() || units.isString())) {
                throw new ExprEvalException("geof:buffer: the units must be an IRI, e.g. uom:metre");
            }
            double size = metres(units, "geof:buffer");
            Geometry geometry = planar(g, "buffer");
            try {
                return literal(UtmZone.buffer(geometry, radius.getDouble() * size));
            } catch (IllegalArgumentException e) {
                throw new ExprEvalException("geof:buffer: " + e.getMessage(), e);
            }
        }
    }

    /** geof:area(g, units): square metres or kilometres (or a QUDT area unit) of a lon/lat geometry, {@link dev.floe.geo.Geodesy#area} as in the TDB2 store. */
    static final class AreaFunction extends FunctionBase2 {
        @Override
        public NodeValue exec(NodeValue g, NodeValue units) {
            if (!(units.isIRI() || units.isString())) {
                throw new ExprEvalException("geof:area: the units must be an IRI, e.g. uom:metre for square metres");
            }
            String u = units.isIRI() ? units.asNode().getURI() : units.asString();
            Double squareMetres = dev.floe.geo.AreaUnits.squareMetres(u);
            if (squareMetres == null) {
                Double size = u == null ? null : LINEAR_UNITS.get(u);
                if (size == null) {
                    throw new UnsupportedQueryException("geof:area in units " + units + " (only uom:metre, uom:kilometre and the QUDT "
                            + "area units unit:M2, unit:KiloM2, unit:HA, unit:AC, unit:FT2, unit:MI2)");
                }
                squareMetres = size * size;
            }
            Geometry geometry = planar(g, "area");
            try {
                return NodeValue.makeDouble(Geodesy.area(geometry) / squareMetres);
            } catch (IllegalArgumentException e) {
                throw new ExprEvalException("geof:area: " + e.getMessage(), e);
            }
        }
    }

    /** geof:distance(a, b, units) on WGS84 lon/lat, in metres or kilometres. */
    static final class DistanceFunction extends FunctionBase3 {
        @Override
        public NodeValue exec(NodeValue a, NodeValue b, NodeValue units) {
            String u = units.isIRI() ? units.asNode().getURI() : units.isString() ? units.asString() : null;
            Double size = u == null ? null : LINEAR_UNITS.get(u);
            if (size == null) {
                throw new UnsupportedQueryException("geof:distance in units " + units + " (only uom:metre and uom:kilometre)");
            }
            for (NodeValue v : List.of(a, b)) {
                if (v.isLiteral() && GeoSparqlIris.WKT_LITERAL.equals(v.getDatatypeURI())) {
                    String crs = Wkt.crs(v.asNode().getLiteralLexicalForm());
                    if (!Crs84.isCrs84(crs) && !crs.endsWith("/EPSG/0/4326")) {
                        throw new UnsupportedQueryException("geof:distance on geometries in " + crs + " (only CRS84 and EPSG:4326)");
                    }
                }
            }
            try {
                double metres = Geodesy.distance(geometry(a, DISTANCE), geometry(b, DISTANCE));
                return NodeValue.makeDouble(size == 1.0 ? metres : metres / size);
            } catch (IllegalArgumentException e) {
                throw new ExprEvalException("geof:distance: " + e.getMessage(), e);
            }
        }
    }
}
