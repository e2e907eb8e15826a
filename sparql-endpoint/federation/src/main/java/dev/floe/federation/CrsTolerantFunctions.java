package dev.floe.federation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.query.algebra.evaluation.TripleSource;
import org.eclipse.rdf4j.query.algebra.evaluation.ValueExprEvaluationException;
import org.eclipse.rdf4j.query.algebra.evaluation.function.Function;
import org.eclipse.rdf4j.query.algebra.evaluation.function.FunctionRegistry;

/**
 * STACK.md trap 6: RDF4J's geof: functions (rdf4j-queryalgebra-geosparql) reject a WKT literal that starts
 * with a CRS IRI, even CRS84, and the FILTER then silently drops the row. FedX evaluates a FILTER that spans
 * members with these functions, so the gateway replaces every registered geof: function by one that strips a
 * CRS84 IRI before delegating. A literal in another CRS is reported as an evaluation error rather than read
 * with the wrong axes. RDF4J keeps one function registry per JVM, so this is installed once, idempotently.
 * Unlike floe's Jena corrections (which live in the store's dataset context), this one is JVM-wide: RDF4J 5.1 has no
 * per-repository hook for scalar functions ({@code DefaultEvaluationStrategy} looks every function call up in
 * {@code FunctionRegistry.getInstance()}; only tuple functions have a registry per strategy), so an RDF4J
 * repository in the same JVM also reads CRS84-prefixed WKT.
 */
final class CrsTolerantFunctions {

    private CrsTolerantFunctions() {
    }

    static synchronized void install() {
        FunctionRegistry registry = FunctionRegistry.getInstance();
        List<Function> wrap = new ArrayList<>();
        for (Function f : registry.getAll()) {
            if (f.getURI().startsWith(SourcePruner.GEOF) && !(f instanceof CrsStripping)) {
                wrap.add(f);
            }
        }
        for (Function f : wrap) {
            registry.add(new CrsStripping(f));
        }
    }

    /** A geof: function that reads CRS84-prefixed WKT. */
    static final class CrsStripping implements Function {
        private final Function delegate;

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
            Value jts = SimpleFeatureRelations.evaluate(getURI(), plain);
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
                if (out[i] instanceof Literal l) {
                    String crs = WktEnvelopes.crsOf(l.getLabel());
                    if (crs != null) {
                        if (!WktEnvelopes.isCrs84(crs)) {
                            throw new ValueExprEvaluationException("the gateway evaluates GeoSPARQL functions across members "
                                    + "only for CRS84 WKT; got a literal in <" + crs + ">");
                        }
                        IRI type = l.getDatatype();
                        out[i] = SimpleValueFactory.getInstance().createLiteral(WktEnvelopes.withoutCrs(l.getLabel()), type);
                    }
                }
            }
            return out;
        }
    }
}
