package dev.floe.store.geosparql;

import org.apache.jena.geosparql.geo.topological.GenericPropertyFunction;
import org.apache.jena.geosparql.geof.topological.GenericFilterFunction;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterDistinct;
import org.apache.jena.sparql.function.Function;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;

import dev.floe.geo.Relation;
import dev.floe.store.ActiveGraphIndex;
import dev.floe.store.cancellation.Cancellation;

/**
 * The GeoSPARQL topological property functions ({@code geo:sfWithin}, {@code geo:ehMeet}, {@code geo:rcc8po} and
 * the 21 others of floe-geo's {@link Relation} table) as floe registers them: jena-geosparql's evaluation
 * (asserted triples, then query rewrite over the spatial index) deciding with the filter function floe registers
 * for the same relation, so the {@link TopologyCorrections} hold in both forms, and each solution once.
 *
 * <p>Each reads geometries from the active graph, as the triple patterns of its GeoSPARQL rewrite would in its place;
 * the spatial index is searched for that graph ({@link ActiveGraphIndex}), and a bound feature with no geometry in the
 * default graph but one in a named graph is an error, not an empty answer.
 *
 * <p>jena-geosparql can find one spatial object several times for one bound side: when it scans all spatial
 * objects (disjoint relations, both sides unbound) it visits a geometry once per serialisation (asWKT and
 * asGML), and through the index once per item (a feature and its geometry are both items). A triple pattern
 * matches each triple once, so the duplicates are dropped per call.
 */
public final class TopologyProperties {

    private TopologyProperties() {
    }

    /** Registers every GeoSPARQL relation's property function over the filter function registered for it. */
    static void register(PropertyFunctionRegistry properties, FunctionRegistry functions) {
        for (Relation relation : Relation.values()) {
            String function = relation.functionIri();
            if (function == null) {
                continue; // floe:covers and floe:coveredBy are written by the interlinker, not computed
            }
            properties.put(relation.propertyIri(), uri -> {
                Function f = functions.get(function).create(function);
                // the property function checks for cancellation itself (per call), so it takes the bare relation
                return new Distinct((GenericFilterFunction) (f instanceof Cancellation.Checked c ? c.inner() : f));
            });
        }
    }

    /** One relation's property function, each solution of a call once. */
    public static final class Distinct extends GenericPropertyFunction {

        /** Whether jena-geosparql tests every spatial object for this relation (disjoint ones), not the index's candidates. */
        private final boolean scans;

        Distinct(GenericFilterFunction filterFunction) {
            super(filterFunction);
            this.scans = filterFunction.isDisjoint() || filterFunction.isDisconnected();
        }

        @Override
        public QueryIterator execEvaluated(Binding binding, Node subject, Node predicate, Node object, ExecutionContext execCxt) {
            // one call can test every spatial object; a cancelled query makes no further call
            Cancellation.check(execCxt.getCancelSignal());
            ActiveGraphIndex.requireGeometryHere(execCxt, predicate, subject);
            ActiveGraphIndex.requireGeometryHere(execCxt, predicate, object);
            ActiveGraphIndex.requireOneDefaultGeometry(execCxt, predicate, subject);
            ActiveGraphIndex.requireOneDefaultGeometry(execCxt, predicate, object);
            if (subject.isVariable() && object.isVariable() || scans && (subject.isVariable() || object.isVariable())) {
                // every spatial object of the active graph is tested, not only the index's candidates
                ActiveGraphIndex.requireOneDefaultGeometryEach(execCxt, predicate);
            }
            ExecutionContext scoped = subject.isConcrete() && object.isConcrete() ? execCxt : ActiveGraphIndex.scope(execCxt, predicate);
            return new QueryIterDistinct(super.execEvaluated(binding, subject, predicate, object, scoped), null, execCxt);
        }
    }
}
