package dev.floe.federation;

import java.util.List;

import org.eclipse.rdf4j.federated.FederationContext;
import org.eclipse.rdf4j.federated.evaluation.FederationEvalStrategy;
import org.eclipse.rdf4j.federated.evaluation.FederationEvaluationStrategyFactory;
import org.eclipse.rdf4j.federated.evaluation.SparqlFederationEvalStrategy;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.query.Dataset;
import org.eclipse.rdf4j.query.algebra.FunctionCall;
import org.eclipse.rdf4j.query.algebra.ValueExpr;
import org.eclipse.rdf4j.query.algebra.evaluation.QueryValueEvaluationStep;
import org.eclipse.rdf4j.query.algebra.evaluation.TripleSource;
import org.eclipse.rdf4j.query.algebra.evaluation.ValueExprEvaluationException;
import org.eclipse.rdf4j.query.algebra.evaluation.function.Function;
import org.eclipse.rdf4j.query.algebra.evaluation.function.FunctionRegistry;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.EvaluationStatistics;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.QueryEvaluationContext;

import dev.floe.geo.Crs84;
import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Wkt;

/**
 * STACK.md trap 6: RDF4J's geof: functions (rdf4j-queryalgebra-geosparql) reject a WKT literal that starts
 * with a CRS IRI, even CRS84, and the FILTER then silently drops the row. FedX evaluates a FILTER that spans
 * members with these functions, so the gateway's evaluation strategy ({@link Strategy}) calls every geof:
 * function through one that strips a CRS84 IRI before delegating. A literal in another CRS is reported as an
 * evaluation error rather than read with the wrong axes. Nothing JVM-wide changes: RDF4J's function registry
 * keeps its own functions, and an RDF4J repository in the same JVM behaves as shipped (RDF4J 5.1 has no
 * per-repository registry for scalar functions, but a strategy may prepare a function call itself).
 */
final class CrsTolerantFunctions {

    private CrsTolerantFunctions() {
    }

    /**
     * FedX's strategy for SPARQL members with floe's geof: evaluation; {@link SummarySourceSelection} extends it.
     */
    static class Strategy extends SparqlFederationEvalStrategy {

        Strategy(FederationContext federationContext) {
            super(federationContext);
        }

        @Override
        public QueryValueEvaluationStep prepare(FunctionCall node, QueryEvaluationContext context) {
            Function registered = node.getURI().startsWith(GeoSparqlIris.GEOF)
                    ? FunctionRegistry.getInstance().get(node.getURI()).orElse(null) : null;
            if (registered == null) {
                return super.prepare(node, context);
            }
            Function function = new CrsStripping(registered);
            List<ValueExpr> args = node.getArgs();
            QueryValueEvaluationStep[] steps = new QueryValueEvaluationStep[args.size()];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = precompile(args.get(i), context);
            }
            return bindings -> {
                Value[] values = new Value[steps.length];
                for (int i = 0; i < steps.length; i++) {
                    values[i] = steps[i].evaluate(bindings);
                }
                return function.evaluate(tripleSource, values);
            };
        }
    }

    /** Makes FedX evaluate every query with {@link Strategy} (when no summaries prune the sources). */
    static final class Factory extends FederationEvaluationStrategyFactory {
        @Override
        public FederationEvalStrategy createEvaluationStrategy(Dataset dataset, TripleSource tripleSource,
                                                               EvaluationStatistics statistics) {
            Strategy s = new Strategy(getFederationContext());
            s.setCollectionFactory(collectionFactorySupplier);
            return s;
        }
    }

    /** A geof: function that reads CRS84-prefixed WKT. */
    static final class CrsStripping implements Function {
        private final Function delegate;
        /** Geometries parsed for this function call of one query. */
        private final SimpleFeatureRelations relations = new SimpleFeatureRelations();

        CrsStripping(Function delegate) {
            this.delegate = delegate;
        }

        @Override
        public String getURI() {
            return delegate.getURI();
        }

        @Override
        public Value evaluate(ValueFactory vf, Value... args) throws ValueExprEvaluationException {
            Value[] plain = strip(args);
            Value jts = relations.evaluate(getURI(), plain);
            if (jts != null) {
                return jts;
            }
            try {
                return delegate.evaluate(vf, plain);
            } catch (AssertionError e) {
                // spatial4j asserts on some dateline-crossing polygons when assertions are on (tests)
                throw new ValueExprEvaluationException(getURI() + ": cannot evaluate on these geometries: " + e, e);
            }
        }

        @Override
        public Value evaluate(TripleSource tripleSource, Value... args) throws ValueExprEvaluationException {
            return evaluate(SimpleValueFactory.getInstance(), args);
        }

        private static Value[] strip(Value[] args) {
            Value[] out = args.clone();
            for (int i = 0; i < out.length; i++) {
                if (out[i] instanceof Literal l && l.getLabel().stripLeading().startsWith("<")) {
                    String crs = Wkt.crs(l.getLabel());
                    if (!Crs84.isCrs84(crs)) {
                        throw new ValueExprEvaluationException("the gateway evaluates GeoSPARQL functions across members "
                                + "only for CRS84 WKT; got a literal in <" + crs + ">");
                    }
                    IRI type = l.getDatatype();
                    out[i] = SimpleValueFactory.getInstance().createLiteral(Wkt.text(l.getLabel()), type);
                }
            }
            return out;
        }
    }
}
