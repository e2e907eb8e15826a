package dev.floe.federation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.impl.BooleanLiteral;
import org.eclipse.rdf4j.query.algebra.evaluation.ValueExprEvaluationException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.Relation;
import dev.floe.geo.Wkt;

/**
 * The GeoSPARQL simple-feature relations ({@code geof:sfIntersects}, sfWithin...) evaluated by the gateway
 * with floe-geo's {@link Relation} table on JTS geometries in the lon/lat plane, as jena-geosparql evaluates
 * them on the members, instead of RDF4J's spatial4j shapes (which unwrap polygons near the dateline and so
 * answer differently from the members on Natural Earth countries such as Russia or Fiji). Each instance keeps the
 * geometries it parsed in a small cache, because a FILTER spanning members compares each geometry with many
 * others; the gateway makes one per function call of a query, so nothing outlives the query. Thread-safe.
 */
final class SimpleFeatureRelations {

    private static final int CACHE_SIZE = 2048;
    private final Map<String, Geometry> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Geometry> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    SimpleFeatureRelations() {
    }

    /** The relation's answer, or null when {@code uri} is not a simple-feature relation of two WKT literals. */
    Value evaluate(String uri, Value[] args) {
        Relation relation = Relation.ofFunction(uri).filter(r -> r.family() == Relation.Family.SIMPLE_FEATURES).orElse(null);
        if (relation == null || args.length != 2 || !(args[0] instanceof Literal a) || !(args[1] instanceof Literal b)) {
            return null;
        }
        return BooleanLiteral.valueOf(relation.holds(geometry(a.getLabel()), geometry(b.getLabel())));
    }

    private Geometry geometry(String wkt) {
        synchronized (cache) {
            Geometry g = cache.get(wkt);
            if (g != null) {
                return g;
            }
        }
        Geometry g;
        try {
            g = Wkt.read(wkt);
        } catch (ParseException e) {
            throw new ValueExprEvaluationException(e.getMessage(), e);
        }
        synchronized (cache) {
            cache.put(wkt, g);
        }
        return g;
    }
}
