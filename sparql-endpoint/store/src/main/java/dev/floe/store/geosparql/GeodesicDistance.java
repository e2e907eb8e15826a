package dev.floe.store.geosparql;

import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.UnitsOfMeasure;
import org.apache.jena.geosparql.implementation.registry.UnitsRegistry;
import org.apache.jena.geosparql.implementation.vocabulary.SRS_URI;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase3;

import dev.floe.geo.Geodesy;

/**
 * geof:distance(a, b, units): the shortest distance between two geometries in the requested units. On WGS84
 * longitude and latitude (CRS84, or EPSG:4326 in its latitude-first order) it is PostGIS geography's distance
 * ({@link Geodesy}): great-circle edges, the geodesic on the WGS84 spheroid, 0 where one contains the other, in
 * linear units only; in other reference systems it is Jena's, in the plane of the first geometry's CRS. Jena's own
 * geof:distance is Euclidean in the CRS's units, so on lon/lat data it fails for metres or kilometres and the FILTER
 * silently drops every row; its great-circle variant measures between the points nearest in the lon/lat plane,
 * which overstates distances at high latitude. Every floe path that measures a distance (this function, the
 * distance join and selection, spatial:nearbyGeom) goes through {@link #measure}.
 */
public final class GeodesicDistance extends FunctionBase3 {

    /** This function instance's measurer (one per call site of a query), set up once for all its rows. */
    private final Geodesy geodesy = Geodesy.calculator();

    @Override
    public NodeValue exec(NodeValue a, NodeValue b, NodeValue units) {
        if (!(units.isIRI() || units.isString())) {
            throw new ExprEvalException("geof:distance: the units must be an IRI, e.g. uom:metre");
        }
        String unitsUri = units.isIRI() ? units.asNode().getURI() : units.asString();
        try {
            return NodeValue.makeDouble(measure(geodesy, GeometryWrapper.extract(a), GeometryWrapper.extract(b), unitsUri));
        } catch (Exception e) {
            throw new ExprEvalException("geof:distance: " + e.getMessage(), e);
        }
    }

    /**
     * The distance between two geometries in {@code unitsUri}: PostGIS geography's where the first is on WGS84
     * lon/lat (the second is transformed to its CRS), Jena's otherwise; measured by {@code geodesy}.
     *
     * @throws IllegalArgumentException for angular units on lon/lat data, or an empty geometry
     * @throws Exception where Jena cannot transform or convert
     */
    public static double measure(Geodesy geodesy, GeometryWrapper first, GeometryWrapper second, String unitsUri) throws Exception {
        if (!isWgs84LonLat(first.getSrsURI())) {
            return first.distance(second, unitsUri);
        }
        if (!UnitsRegistry.isLinearUnits(unitsUri)) {
            throw new IllegalArgumentException("distances between lon/lat geometries are measured in linear units "
                    + "(such as uom:metre or uom:kilometre), not in <" + unitsUri + ">");
        }
        GeometryWrapper other = second.convertSRS(first.getSrsURI());
        double metres = geodesy.measure(first.getXYGeometry(), other.getXYGeometry());
        return UnitsOfMeasure.METRE_UNITS.getUnit().getConverterTo(new UnitsOfMeasure(unitsUri).getUnit()).convert(metres);
    }

    /** Whether geometries in the CRS are measured by {@link Geodesy}: CRS84 and EPSG:4326. */
    public static boolean isWgs84LonLat(String srsUri) {
        return SRS_URI.DEFAULT_WKT_CRS84.equals(srsUri) || SRS_URI.WGS84_CRS.equals(srsUri);
    }
}
