package dev.floe.store.geosparql;

import org.apache.jena.geosparql.implementation.DimensionInfo;
import org.apache.jena.geosparql.implementation.GeometryReverse;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.UnitsOfMeasure;
import org.apache.jena.geosparql.implementation.vocabulary.Unit_URI;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase3;
import org.locationtech.jts.geom.Geometry;

import dev.floe.geo.UtmZone;

/**
 * geof:buffer(geometry, radius, units): on a geographic CRS (CRS84, EPSG:4326) with linear units (metres,
 * kilometres, ...) the buffer is geodesic ({@link UtmZone}, which the Spark engine calls too): buffered in metres in
 * the UTM zone of the geometry's centre, so a 1000 m buffer is about 1000 m in every direction. The answer keeps the
 * input's CRS, axis order and serialisation ({@link ConstructiveFunctions#literal}). Units of the CRS itself
 * (degrees on lon/lat, metres on a projected CRS) buffer in the plane, as Jena does. Jena refuses metres on lon/lat
 * data, so the BIND was left unbound.
 */
public final class GeodesicBuffer extends FunctionBase3 {

    @Override
    public NodeValue exec(NodeValue geometry, NodeValue radius, NodeValue units) {
        if (!radius.isNumber()) {
            throw new ExprEvalException("geof:buffer: the radius must be a number, was " + radius);
        }
        if (!(units.isIRI() || units.isString())) {
            throw new ExprEvalException("geof:buffer: the units must be an IRI, e.g. uom:metre");
        }
        String unitsUri = units.isIRI() ? units.asNode().getURI() : units.asString();
        try {
            GeometryWrapper g = GeometryWrapper.extract(geometry);
            double r = radius.getDouble();
            GeometryWrapper buffer = g.getSrsInfo().isGeographic() && new UnitsOfMeasure(unitsUri).isLinearUnits()
                    ? geodesic(g, UnitsOfMeasure.conversion(r, unitsUri, Unit_URI.METRE_URL))
                    : g.buffer(r, unitsUri);
            return ConstructiveFunctions.literal(buffer, geometry);
        } catch (ExprEvalException e) {
            throw e;
        } catch (Exception e) {
            throw new ExprEvalException("geof:buffer: " + e.getMessage(), e);
        }
    }

    /** The buffer of lon/lat geometry {@code g} by {@code metres} ({@link UtmZone}), in {@code g}'s CRS. */
    static GeometryWrapper geodesic(GeometryWrapper g, double metres) throws Exception {
        Geometry buffer = UtmZone.buffer(g.getXYGeometry(), metres);
        return new GeometryWrapper(GeometryReverse.check(buffer, g.getSrsInfo()), g.getSrsURI(),
                g.getGeometryDatatypeURI(), DimensionInfo.XY_POLYGON);
    }
}
