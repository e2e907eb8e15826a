package dev.floe.store.geosparql;

import org.apache.jena.geosparql.implementation.DimensionInfo;
import org.apache.jena.geosparql.implementation.GeometryReverse;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.UnitsOfMeasure;
import org.apache.jena.geosparql.implementation.vocabulary.Unit_URI;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase3;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.referencing.operation.TransformException;

/**
 * geof:buffer(geometry, radius, units): on a geographic CRS (CRS84, EPSG:4326) with linear units (metres,
 * kilometres, ...) the buffer is geodesic: the geometry is projected to the UTM zone (UPS near the poles) of its
 * envelope's centre, buffered there in metres by JTS and projected back, so a 1000 m buffer is about 1000 m in
 * every direction, within the zone's scale error (under 0.1 % for buffers within the zone). The answer keeps the
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

    /** The buffer of lon/lat geometry {@code g} by {@code metres}, in {@code g}'s CRS. */
    static GeometryWrapper geodesic(GeometryWrapper g, double metres) throws Exception {
        Geometry lonLat = g.getXYGeometry();
        Geometry buffer;
        if (lonLat.isEmpty()) {
            buffer = lonLat.getFactory().createPolygon();
        } else {
            Coordinate centre = lonLat.getEnvelopeInternal().centre();
            MathTransform toUtm = CRS.findOperation(CommonCRS.WGS84.normalizedGeographic(),
                    CommonCRS.WGS84.universal(centre.y, centre.x), null).getMathTransform();
            buffer = transform(transform(lonLat, toUtm).buffer(metres), toUtm.inverse());
        }
        return new GeometryWrapper(GeometryReverse.check(buffer, g.getSrsInfo()), g.getSrsURI(),
                g.getGeometryDatatypeURI(), DimensionInfo.XY_POLYGON);
    }

    private static Geometry transform(Geometry geometry, MathTransform transform) {
        Geometry copy = geometry.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double[] p = {seq.getX(i), seq.getY(i)};
                try {
                    transform.transform(p, 0, p, 0, 1);
                } catch (TransformException e) {
                    throw new ExprEvalException("geof:buffer: cannot project " + seq.getCoordinate(i) + ": " + e.getMessage(), e);
                }
                seq.setOrdinate(i, 0, p[0]);
                seq.setOrdinate(i, 1, p[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        copy.geometryChanged();
        return copy;
    }
}
