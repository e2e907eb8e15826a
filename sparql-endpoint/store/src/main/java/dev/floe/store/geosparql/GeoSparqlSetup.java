package dev.floe.store.geosparql;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.geosparql.configuration.GeoSPARQLConfig;
import org.apache.jena.geosparql.implementation.vocabulary.Geof;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.algebra.optimize.Optimize;
import org.apache.jena.sparql.algebra.optimize.RewriteFactory;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;

import dev.floe.geo.GeoSparqlIris;
import dev.floe.store.cancellation.CancellableExpressions;
import dev.floe.store.cancellation.Cancellation;
import dev.floe.store.spatialjoin.NearbyFeatures;
import dev.floe.store.spatialjoin.SpatialJoinTransform;

/**
 * Sets GeoSPARQL up for one dataset. Jena's own set-up ({@link GeoSPARQLConfig#setupMemoryIndex()}: its functions,
 * property functions and datatypes) is JVM-wide, as in any GeoSPARQL-enabled Fuseki, and done once. floe's
 * corrections and additions ({@link TopologyCorrections}, {@link TopologyProperties}, {@link ConstructiveFunctions},
 * {@link GeodesicDistance}, {@link GeodesicBuffer}, {@link GeodesicArea}, spatial:nearbyGeom and spatial:nearby ({@link NearbyFeatures})), the spatial-join rewrite ({@link SpatialJoinTransform}) and,
 * before it, the rewrite that lets a timeout stop REGEX ({@link CancellableExpressions}) go only into the context
 * of the dataset given to {@link #install(Context)}: another Jena dataset or a Fuseki in the same JVM behaves as
 * shipped. The one exception is {@link LenientGmlDatatype}: Jena has no per-context datatypes (the
 * {@link TypeMapper} is JVM-wide), so it replaces jena-geosparql's gmlLiteral datatype for the whole JVM.
 * See docs/COMPLIANCE.md for what each correction fixes on the GeoSPARQL 1.0 compliance benchmark.
 */
public final class GeoSparqlSetup {

    /** Marks a context that {@link #install(Context)} has set up (a TDB2 dataset opened twice shares one). */
    private static final Symbol INSTALLED = Symbol.create("https://w3id.org/floe/ontology#geoSparqlSetup");

    private static boolean jenaDone;

    private GeoSparqlSetup() {
    }

    /** Jena's own GeoSPARQL set-up, once per JVM; floe's corrections are not part of it. */
    public static synchronized void ensureJena() {
        if (jenaDone) {
            return;
        }
        GeoSPARQLConfig.setupMemoryIndex();
        // Jena has no per-context hook for datatypes: the TypeMapper is JVM-wide, so this one is too
        TypeMapper.getInstance().registerDatatype(new LenientGmlDatatype());
        jenaDone = true;
    }

    /**
     * Puts floe's GeoSPARQL functions, property functions and query rewrites into {@code context} (a dataset's,
     * or one query's): registries layered over Jena's JVM-wide ones, and an optimizer that runs floe's rewrites
     * before the one the context would otherwise use. Nothing JVM-wide is changed, except by {@link #ensureJena()}.
     */
    public static void install(Context context) {
        ensureJena();
        synchronized (context) {
            if (context.isTrue(INSTALLED)) {
                return;
            }
            FunctionRegistry under = FunctionRegistry.get(context);
            FunctionRegistry functions = new LayeredFunctionRegistry(under != null ? under : FunctionRegistry.get());
            // each of floe's functions checks for a cancelled (timed-out) query before every evaluation
            functions.put(Geof.SF_EQUALS, Cancellation.checked(TopologyCorrections.SfEquals::new));
            functions.put(Geof.EH_EQUALS, Cancellation.checked(TopologyCorrections.EhEquals::new));
            functions.put(Geof.RCC_EQUALS, Cancellation.checked(TopologyCorrections.RccEquals::new));
            functions.put(Geof.SF_DISJOINT, Cancellation.checked(TopologyCorrections.SfDisjoint::new));
            functions.put(Geof.EH_DISJOINT, Cancellation.checked(TopologyCorrections.EhDisjoint::new));
            functions.put(Geof.DISTANCE_NAME, Cancellation.checked(GeodesicDistance::new));
            functions.put(Geof.BUFFER_NAME, Cancellation.checked(GeodesicBuffer::new));
            functions.put(GeoSparqlIris.AREA, Cancellation.checked(GeodesicArea::new));
            functions.put(Geof.BOUNDARY_NAME, Cancellation.checked(ConstructiveFunctions.Boundary::new));
            functions.put(Geof.CONVEXHULL_NAME, Cancellation.checked(ConstructiveFunctions.ConvexHull::new));
            functions.put(Geof.ENVELOPE_NAME, Cancellation.checked(ConstructiveFunctions.Envelope::new));
            functions.put(Geof.INTERSECTION_NAME, Cancellation.checked(ConstructiveFunctions.Intersection::new));
            functions.put(Geof.UNION_NAME, Cancellation.checked(ConstructiveFunctions.Union::new));
            functions.put(Geof.DIFFERENCE_NAME, Cancellation.checked(ConstructiveFunctions.Difference::new));
            functions.put(Geof.SYMDIFFERENCE_NAME, Cancellation.checked(ConstructiveFunctions.SymDifference::new));

            PropertyFunctionRegistry properties = new LayeredPropertyFunctionRegistry(
                    PropertyFunctionRegistry.chooseRegistry(context));
            TopologyProperties.register(properties, functions);
            NearbyFeatures.register(properties);

            FunctionRegistry.set(context, functions);
            PropertyFunctionRegistry.set(context, properties);
            context.set(ARQConstants.sysOptimizerFactory,
                    CancellableExpressions.around(SpatialJoinTransform.around(optimizerOf(context))));
            SpatialJoinTransform.rememberLookups(context);
            context.set(INSTALLED, true);
        }
    }

    /** The optimizer {@code context} would use without floe: its own, else Jena's JVM-wide one at query time. */
    private static RewriteFactory optimizerOf(Context context) {
        Object own = context.get(ARQConstants.sysOptimizerFactory);
        if (own instanceof RewriteFactory factory) {
            return factory;
        }
        return cxt -> Optimize.getFactory().create(cxt);
    }
}
