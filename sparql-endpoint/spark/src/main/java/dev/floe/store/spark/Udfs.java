package dev.floe.store.spark;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import dev.floe.geo.Relation;

import scala.collection.Seq;

/** The Spark functions the compiled queries call: Jena's evaluation of an expression, floe's relations. */
final class Udfs {

    private Udfs() {
    }

    /** FILTER: the effective boolean value of an expression over the row's terms. */
    record Filter(Evaluation eval) implements UDF1<Seq<String>, Boolean> {
        @Override
        public Boolean call(Seq<String> values) {
            return eval.test(values);
        }
    }

    /** BIND: the expression's value as a term, null where it is an error. */
    record Value(Evaluation eval) implements UDF1<Seq<String>, String> {
        @Override
        public String call(Seq<String> values) {
            return eval.value(values);
        }
    }

    /** Whether a relation holds between two CRS84 geometries (the subject's first); false where one is missing. */
    record Holds(Relation relation) implements UDF2<Geometry, Geometry, Boolean> {
        @Override
        public Boolean call(Geometry a, Geometry b) {
            return a != null && b != null && GeofFunctions.holds(relation, a, b);
        }
    }

    /** Whether a relation holds between a geometry and a constant one, in the order the query gives. */
    static final class HoldsWithConstant implements UDF1<Geometry, Boolean> {
        private static final long serialVersionUID = 1L;
        private final Relation relation;
        private final byte[] constant;
        private final boolean constantFirst;
        private transient Geometry parsed;

        HoldsWithConstant(Relation relation, byte[] constant, boolean constantFirst) {
            this.relation = relation;
            this.constant = constant;
            this.constantFirst = constantFirst;
        }

        @Override
        public Boolean call(Geometry g) throws ParseException {
            if (g == null) {
                return false;
            }
            if (parsed == null) {
                parsed = new WKBReader().read(constant);
            }
            return constantFirst ? GeofFunctions.holds(relation, parsed, g) : GeofFunctions.holds(relation, g, parsed);
        }
    }

    /** The lexical form of a term (str()), for GROUP_CONCAT; null stays null. */
    record Lexical() implements UDF1<String, String> {
        @Override
        public String call(String term) {
            if (term == null) {
                return null;
            }
            Node n = Terms.decode(term);
            return n.isLiteral() ? n.getLiteralLexicalForm() : n.isURI() ? n.getURI() : null;
        }
    }

    /** A string as a plain literal term. */
    record StringLiteral() implements UDF1<String, String> {
        @Override
        public String call(String s) {
            return s == null ? null : Terms.encode(NodeFactory.createLiteralString(s));
        }
    }
}
