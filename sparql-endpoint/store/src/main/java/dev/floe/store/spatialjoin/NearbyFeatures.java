package dev.floe.store.spatialjoin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.registry.UnitsRegistry;
import org.apache.jena.geosparql.implementation.vocabulary.Unit_URI;
import org.apache.jena.geosparql.spatial.ConvertLatLon;
import org.apache.jena.geosparql.spatial.SearchEnvelope;
import org.apache.jena.geosparql.spatial.SpatialIndex;
import org.apache.jena.geosparql.spatial.SpatialIndexException;
import org.apache.jena.geosparql.spatial.index.v2.SpatialIndexLib;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIterNullIterator;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterSingleton;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.pfunction.PFuncSimpleAndList;
import org.apache.jena.sparql.pfunction.PropFuncArg;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.util.FmtUtils;
import org.locationtech.jts.geom.Envelope;

import dev.floe.geo.Geodesy;
import dev.floe.store.ActiveGraphIndex;
import dev.floe.store.SpatialIndexItems;
import dev.floe.store.geosparql.GeodesicDistance;

/**
 * {@code ?feature spatial:nearbyGeom (?geometryLiteral radius [units [limit]])} and
 * {@code ?feature spatial:nearby (lat lon radius [units [limit]])}: the resources of the spatial index (features and
 * geometry resources, as floe indexes them) with a geometry literal within {@code radius} of the given geometry,
 * measured by {@link GeodesicDistance#measure} (PostGIS geography's distance on lon/lat), in {@code units}
 * (kilometres by default, as in Jena), nearest first, at most {@code limit} of them (all for a negative limit, as in
 * Jena). A bound {@code ?feature} gives one row or none. Arguments are checked as Jena checks them, with its errors.
 * <p>
 * Why not Jena's own: in 5.6 its final check reads a candidate's literals through
 * {@code AccessGeoSPARQL.findSpecificGeoLiteralsByFeature}, which finds none for a feature linked by
 * {@code geo:hasDefaultGeometry}, so it answers no rows; and its search box is planar, missing geometries across
 * the antimeridian. Here candidates are read as the index reads them ({@link SpatialIndexItems#geometryLiterals}).
 * <p>
 * How the planar index (Jena's envelopes) finds every geometry within the distance of a lon/lat geometry: the
 * {@link SearchArea} holds every point within the distance of the geometry's great-circle envelope, modulo 360
 * degrees. A great-circle edge shorter than 180 degrees spans the same longitudes as its chord in the plane and
 * reaches further from the equator than its ends, never across it; so the planar envelope of a geometry with a point
 * in the area meets the area's longitudes in a band stretched to the equator, unless an edge crosses the antimeridian
 * (its ends more than 180 degrees apart in the plane), and then its planar envelope holds longitude 0 in that band.
 * Geometries on other reference systems are searched with Jena's planar envelope. Stateless between calls.
 */
public final class NearbyFeatures extends PFuncSimpleAndList {

    /** spatial:nearbyGeom. */
    public static final String NEARBY_GEOM = "http://jena.apache.org/spatial#nearbyGeom";
    /** spatial:nearby. */
    public static final String NEARBY = "http://jena.apache.org/spatial#nearby";
    /** Jena's default units for both forms. */
    static final String DEFAULT_UNITS = Unit_URI.KILOMETRE_URL;

    private final boolean latLon;

    private NearbyFeatures(boolean latLon) {
        this.latLon = latLon;
    }

    /** Puts both property functions into a dataset's own registry. */
    public static void register(PropertyFunctionRegistry registry) {
        registry.put(NEARBY_GEOM, uri -> new NearbyFeatures(false));
        registry.put(NEARBY, uri -> new NearbyFeatures(true));
    }

    /** The parsed object list: where from, how far, in which units, how many; and the measurer of this search. */
    private record Search(GeometryWrapper from, double radius, String unitsUri, int limit, Geodesy geodesy) {
    }

    /** A resource found and its distance. */
    private record Found(Node resource, double distance) {
    }

    @Override
    public QueryIterator execEvaluated(Binding binding, Node subject, Node predicate, PropFuncArg object,
                                       ExecutionContext cxt) {
        Search search = parse(predicate, object.getArgList());
        ActiveGraphIndex.requireGeometryHere(cxt, predicate, subject);
        if (subject.isURI() || subject.isBlank()) {
            Graph graph = cxt.getActiveGraph();
            return distance(graph, subject, search) <= search.radius
                    ? QueryIterSingleton.create(binding, cxt) : QueryIterNullIterator.create(cxt);
        }
        if (!subject.isVariable()) {
            throw new ExprEvalException("Not a URI, Blank or variable: " + FmtUtils.stringForNode(subject));
        }
        ExecutionContext scoped = ActiveGraphIndex.scope(cxt);
        Graph graph = scoped.getActiveGraph();
        SpatialIndex index;
        try {
            index = SpatialIndexLib.require(scoped);
        } catch (SpatialIndexException e) {
            throw new ExprEvalException(e.getMessage(), e);
        }
        AtomicBoolean cancel = cxt.getCancelSignal();
        List<Found> found = new ArrayList<>();
        for (Node candidate : candidates(index, SpatialIndexLib.unwrapGraphName(graph), search)) {
            if (cancel != null && cancel.get()) {
                throw new org.apache.jena.query.QueryCancelledException();
            }
            double d = distance(graph, candidate, search);
            if (d <= search.radius) {
                found.add(new Found(candidate, d));
            }
        }
        found.sort(Comparator.comparingDouble(Found::distance).thenComparing(f -> f.resource.toString()));
        Var var = Var.alloc(subject);
        List<Binding> rows = new ArrayList<>();
        for (Found f : found.subList(0, search.limit < 0 ? found.size() : Math.min(search.limit, found.size()))) {
            rows.add(BindingFactory.binding(binding, var, f.resource));
        }
        return QueryIterPlainWrapper.create(rows.iterator(), cxt);
    }

    /** The arguments as Jena reads them, with Jena's errors. */
    private Search parse(Node predicate, List<Node> args) {
        int first = latLon ? 2 : 1; // position of the radius
        String name = FmtUtils.stringForNode(predicate);
        if (args.size() < first + 1) {
            throw new ExprEvalException(name + ": Minimum of " + (first + 1) + " arguments.");
        }
        if (args.size() > first + 3) {
            throw new ExprEvalException(name + ": Maximum of " + (first + 3) + " arguments.");
        }
        NodeValue radius = NodeValue.makeNode(args.get(first));
        if (latLon && (args.get(0).isVariable() || args.get(1).isVariable() || !radius.isDouble())) {
            throw new ExprEvalException("Arguments are not all concrete: " + FmtUtils.stringForNode(args.get(0)) + ", "
                    + FmtUtils.stringForNode(args.get(1)) + ", " + FmtUtils.stringForNode(args.get(first)));
        }
        if (!radius.isDouble()) {
            throw new ExprEvalException("Not a xsd:double: " + FmtUtils.stringForNode(args.get(first)));
        }
        String units = DEFAULT_UNITS;
        if (args.size() > first + 1) {
            Node u = args.get(first + 1);
            if (!u.isURI()) {
                throw new ExprEvalException("Not a URI: " + FmtUtils.stringForNode(u));
            }
            units = u.getURI();
        }
        int limit = -1;
        if (args.size() > first + 2) {
            NodeValue l = NodeValue.makeNode(args.get(first + 2));
            if (!l.isInteger()) {
                throw new ExprEvalException("Not an integer: " + FmtUtils.stringForNode(args.get(first + 2)));
            }
            limit = l.getInteger().intValue();
        }
        GeometryWrapper from;
        try {
            from = latLon ? ConvertLatLon.toGeometryWrapper(args.get(0), args.get(1)) : GeometryWrapper.extract(args.get(0));
        } catch (RuntimeException e) {
            throw new ExprEvalException(name + ": " + e.getMessage(), e);
        }
        if (GeodesicDistance.isWgs84LonLat(from.getSrsURI()) && !UnitsRegistry.isLinearUnits(units)) {
            throw new ExprEvalException(name + ": distances from lon/lat geometries are measured in linear units "
                    + "(such as uom:metre or uom:kilometre), not in <" + units + ">");
        }
        return new Search(from, radius.getDouble(), units, limit, Geodesy.calculator());
    }

    /** The nearest distance from the search's geometry to a literal of {@code resource}; infinite when it has none. */
    private static double distance(Graph graph, Node resource, Search search) {
        double nearest = Double.POSITIVE_INFINITY;
        for (Node literal : SpatialIndexItems.geometryLiterals(graph, resource)) {
            try {
                nearest = Math.min(nearest, GeodesicDistance.measure(search.geodesy(), search.from, GeometryWrapper.extract(literal), search.unitsUri));
            } catch (Exception e) {
                // a literal that does not parse or transform is not near anything, as the index leaves it out
            }
        }
        return nearest;
    }

    /** The index's resources that may lie within the radius: a superset, each once. */
    private static Set<Node> candidates(SpatialIndex index, Node graphName, Search search) {
        Set<Node> out = new LinkedHashSet<>();
        Envelope e = SearchArea.lonLat(search.from.asNode());
        if (e == null) { // another reference system: Jena's planar search
            out.addAll(SearchEnvelope.build(search.from, index.getSrsInfo(), search.radius, search.unitsUri)
                    .check(index, graphName));
            return out;
        }
        double arc = new DistanceCondition(null, null, search.unitsUri, search.radius).arcDegrees();
        if (!Double.isFinite(arc)) {
            throw new ExprEvalException("cannot convert <" + search.unitsUri + "> to metres");
        }
        double south = Double.POSITIVE_INFINITY;
        double north = Double.NEGATIVE_INFINITY;
        List<Envelope> boxes = SearchArea.around(e, arc).searches(-180, 180);
        for (Envelope box : boxes) {
            south = Math.min(south, Math.min(box.getMinY(), 0));
            north = Math.max(north, Math.max(box.getMaxY(), 0));
            out.addAll(index.query(new Envelope(box.getMinX(), box.getMaxX(), Math.min(box.getMinY(), 0),
                    Math.max(box.getMaxY(), 0)), graphName));
        }
        if (!boxes.isEmpty()) {
            out.addAll(index.query(new Envelope(0, 0, south, north), graphName)); // edges across the antimeridian
        }
        return out;
    }
}
