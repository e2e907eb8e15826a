package dev.floe.store.geosparql;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.geosparql.configuration.GeoSPARQLConfig;
import org.apache.jena.geosparql.implementation.vocabulary.Geof;
import org.apache.jena.sparql.algebra.optimize.Optimize;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;

import dev.floe.store.cancellation.CancellableExpressions;
import dev.floe.store.spatialjoin.SpatialJoinTransform;

/**
 * Sets GeoSPARQL up once per JVM: Jena's functions, property functions and query rewrite, then floe's
 * corrections on top ({@link LenientGmlDatatype}, {@link TopologyCorrections}, {@link TopologyProperties},
 * {@link ConstructiveFunctions}, {@link GeodesicBuffer}), and
 * the spatial-join rewrite ({@link SpatialJoinTransform}) in front of ARQ's optimizer, and before that the
 * rewrite that lets a timeout stop REGEX ({@link CancellableExpressions}).
 * See docs/COMPLIANCE.md for what each correction fixes on the GeoSPARQL 1.0 compliance benchmark.
 */
public final class GeoSparqlSetup {

    private static boolean done;

    private GeoSparqlSetup() {
    }

    public static synchronized void ensure() {
        if (done) {
            return;
        }
        GeoSPARQLConfig.setupMemoryIndex();
        TypeMapper.getInstance().registerDatatype(new LenientGmlDatatype());

        FunctionRegistry functions = FunctionRegistry.get();
        functions.put(Geof.SF_EQUALS, TopologyCorrections.SfEquals.class);
        functions.put(Geof.EH_EQUALS, TopologyCorrections.EhEquals.class);
        functions.put(Geof.RCC_EQUALS, TopologyCorrections.RccEquals.class);
        functions.put(Geof.SF_DISJOINT, TopologyCorrections.SfDisjoint.class);
        functions.put(Geof.EH_DISJOINT, TopologyCorrections.EhDisjoint.class);
        functions.put(Geof.DISTANCE_NAME, GeodesicDistance.class);
        functions.put(Geof.BUFFER_NAME, GeodesicBuffer.class);
        functions.put(Geof.BOUNDARY_NAME, ConstructiveFunctions.Boundary.class);
        functions.put(Geof.CONVEXHULL_NAME, ConstructiveFunctions.ConvexHull.class);
        functions.put(Geof.ENVELOPE_NAME, ConstructiveFunctions.Envelope.class);
        functions.put(Geof.INTERSECTION_NAME, ConstructiveFunctions.Intersection.class);
        functions.put(Geof.UNION_NAME, ConstructiveFunctions.Union.class);
        functions.put(Geof.DIFFERENCE_NAME, ConstructiveFunctions.Difference.class);
        functions.put(Geof.SYMDIFFERENCE_NAME, ConstructiveFunctions.SymDifference.class);

        TopologyProperties.register(PropertyFunctionRegistry.get(), functions);
        Optimize.setFactory(CancellableExpressions.around(SpatialJoinTransform.around(Optimize.getFactory())));
        done = true;
    }
}
