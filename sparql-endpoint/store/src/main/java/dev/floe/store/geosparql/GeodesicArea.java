package dev.floe.store.geosparql;

import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.UnitsOfMeasure;
import org.apache.jena.geosparql.implementation.vocabulary.Unit_URI;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase2;

import dev.floe.geo.AreaUnits;
import dev.floe.geo.Geodesy;

/**
 * geof:area(geometry, units) (GeoSPARQL 1.1; Jena 5.6 has none): the area of a geometry in a geographic CRS (CRS84,
 * EPSG:4326) in the square of a linear unit (uom:metre gives square metres, uom:kilometre square kilometres) or in a
 * QUDT area unit ({@link AreaUnits}: unit:M2, unit:HA, ...),
 * on the WGS84 spheroid as PostGIS's ST_Area(geography) measures it ({@link Geodesy#area}, which the Spark engine
 * calls too); 0 for points and lines.
 * Other CRSs and units are an evaluation error (a BIND left unbound).
 */
public final class GeodesicArea extends FunctionBase2 {

    @Override
    public NodeValue exec(NodeValue geometry, NodeValue units) {
        if (!(units.isIRI() || units.isString())) {
            throw new ExprEvalException("geof:area: the units must be an IRI, e.g. uom:metre for square metres");
        }
        String unitsUri = units.isIRI() ? units.asNode().getURI() : units.asString();
        try {
            GeometryWrapper g = GeometryWrapper.extract(geometry);
            Double squareMetres = AreaUnits.squareMetres(unitsUri);
            if (!g.getSrsInfo().isGeographic() || squareMetres == null && !new UnitsOfMeasure(unitsUri).isLinearUnits()) {
                throw new ExprEvalException("geof:area: only of lon/lat geometries, in linear units squared (uom:metre, "
                        + "uom:kilometre) or QUDT area units (unit:M2, unit:KiloM2, unit:HA, unit:AC, unit:FT2, unit:MI2)");
            }
            if (squareMetres == null) {
                double unit = UnitsOfMeasure.conversion(1, unitsUri, Unit_URI.METRE_URL);
                squareMetres = unit * unit;
            }
            return NodeValue.makeDouble(Geodesy.area(g.getXYGeometry()) / squareMetres);
        } catch (ExprEvalException e) {
            throw e;
        } catch (Exception e) {
            throw new ExprEvalException("geof:area: " + e.getMessage(), e);
        }
    }
}
