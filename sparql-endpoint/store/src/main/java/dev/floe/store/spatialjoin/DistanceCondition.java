package dev.floe.store.spatialjoin;

import org.apache.jena.geosparql.configuration.GeoSPARQLConfig;
import org.apache.jena.geosparql.implementation.UnitsOfMeasure;
import org.apache.jena.geosparql.implementation.registry.UnitsRegistry;
import org.apache.jena.geosparql.implementation.vocabulary.Geof;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.E_GreaterThan;
import org.apache.jena.sparql.expr.E_GreaterThanOrEqual;
import org.apache.jena.sparql.expr.E_LessThan;
import org.apache.jena.sparql.expr.E_LessThanOrEqual;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunction2;
import org.apache.jena.sparql.expr.NodeValue;

/**
 * A filter conjunct {@code geof:distance(first, second, units) < limit} (or {@code <=}, or written
 * {@code limit > geof:distance(..)} or {@code >=}) with constant units and a constant, finite limit, and the
 * arc (in degrees of latitude at the shortest, 110,574 m) that bounds the geodesic distance. The conjunct itself still decides every candidate pair; this only says which
 * pairs cannot satisfy it. Immutable.
 */
record DistanceCondition(Expr first, Expr second, String unitsUri, double limit) {

    /**
     * Metres per degree of arc to divide by: less than on any sphere or ellipsoid the distance could be measured
     * on (the shortest degree of latitude on WGS84, at the equator, is 110,574 m; the great-circle distance's
     * sphere has 111,195 m), so the arc is an overestimate.
     */
    static final double MIN_METRES_PER_DEGREE = 110_574;

    /** The conjunct's distance condition, or null when it is not one of the recognised forms. */
    static DistanceCondition of(Expr conjunct) {
        Expr call;
        Expr bound;
        if (conjunct instanceof E_LessThan || conjunct instanceof E_LessThanOrEqual) {
            call = ((ExprFunction2) conjunct).getArg1();
            bound = ((ExprFunction2) conjunct).getArg2();
        } else if (conjunct instanceof E_GreaterThan || conjunct instanceof E_GreaterThanOrEqual) {
            call = ((ExprFunction2) conjunct).getArg2();
            bound = ((ExprFunction2) conjunct).getArg1();
        } else {
            return null;
        }
        if (!(call instanceof E_Function f) || !Geof.DISTANCE_NAME.equals(f.getFunctionIRI()) || f.getArgs().size() != 3
                || !bound.isConstant() || !f.getArg(3).isConstant()) {
            return null;
        }
        NodeValue limit = bound.getConstant();
        NodeValue units = f.getArg(3).getConstant();
        if (!limit.isNumber() || !(units.isIRI() || units.isString())) {
            return null;
        }
        DistanceCondition c = new DistanceCondition(f.getArg(1), f.getArg(2),
                units.isIRI() ? units.asNode().getURI() : units.asString(), limit.getDouble());
        return Double.isFinite(c.limit) && Double.isFinite(c.arcDegrees()) ? c : null;
    }

    /**
     * An upper bound, in degrees of arc, on the geodesic distance between two lon/lat geometries for which
     * the condition may hold; NaN for units it cannot convert. The bound adds a unit in the
     * {@link GeoSPARQLConfig#DECIMAL_PLACES_PRECISION}th decimal place, where Jena rounds its converted results.
     */
    double arcDegrees() {
        double amount = Math.max(limit, 0) + Math.pow(10, -GeoSPARQLConfig.DECIMAL_PLACES_PRECISION);
        try {
            if (UnitsRegistry.isLinearUnits(unitsUri)) {
                return amount * convert(UnitsOfMeasure.METRE_UNITS) / MIN_METRES_PER_DEGREE * (1 + 1e-9);
            }
            return amount * convert(UnitsOfMeasure.DEGREE_UNITS) * (1 + 1e-9);
        } catch (RuntimeException e) {
            return Double.NaN; // units Jena does not know, or of another dimension
        }
    }

    /** One of the condition's units in {@code target}'s, unrounded; NaN where the factor is not positive. */
    private double convert(UnitsOfMeasure target) {
        double factor = new UnitsOfMeasure(unitsUri).getUnit().getConverterTo(target.getUnit()).convert(1.0);
        return factor > 0 && Double.isFinite(factor) ? factor : Double.NaN;
    }
}
