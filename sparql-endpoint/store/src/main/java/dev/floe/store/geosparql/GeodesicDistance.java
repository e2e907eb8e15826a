package dev.floe.store.geosparql;

import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase3;


/**
 * geof:distance(a, b, units): the shortest distance between two geometries in the requested units, measured
 * along the great circle for geographic CRSs (CRS84, EPSG:4326) and in the plane for projected ones. Jena's own
 * geof:distance is always Euclidean in the CRS's units, so on lon/lat data it fails for metres or kilometres,
 * and the FILTER silently drops every row; analysts asking "within 10 km" get nothing.
 */
public final class GeodesicDistance extends FunctionBase3 {

    @Override
    public NodeValue exec(NodeValue a, NodeValue b, NodeValue units) {
        if (!(units.isIRI() || units.isString())) {
            throw new ExprEvalException("geof:distance: the units must be an IRI, e.g. uom:metre");
        }
        String unitsUri = units.isIRI() ? units.asNode().getURI() : units.asString();
        try {
            GeometryWrapper g1 = GeometryWrapper.extract(a);
            GeometryWrapper g2 = GeometryWrapper.extract(b);
            return NodeValue.makeDouble(g1.distance(g2, unitsUri));
        } catch (Exception e) {
            throw new ExprEvalException("geof:distance: " + e.getMessage(), e);
        }
    }
}
