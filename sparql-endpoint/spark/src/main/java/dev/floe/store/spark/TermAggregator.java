package dev.floe.store.spark;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.expr.nodevalue.XSDFuncOp;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * SUM, AVG, MIN and MAX over terms with Jena's own arithmetic and ordering, as a mergeable Spark aggregation, so
 * results keep SPARQL's numeric type promotion (integer + decimal is decimal ...) exactly. As in Jena, an unbound
 * value or one the operation rejects (a string in SUM) is an error, and an aggregate with an error is unbound.
 * The buffer is a string: {@code E} after an error, empty before the first value, else {@code COUNT|TERM}.
 */
final class TermAggregator extends Aggregator<String, String, String> {

    private static final long serialVersionUID = 1L;

    enum Kind { SUM, AVG, MIN, MAX }

    private static final String ERROR = "E";
    private final Kind kind;

    TermAggregator(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String zero() {
        return "";
    }

    @Override
    public String reduce(String buffer, String term) {
        if (ERROR.equals(buffer)) {
            return ERROR;
        }
        if (term == null) {
            return ERROR;
        }
        return merge(buffer, "1|" + term);
    }

    @Override
    public String merge(String a, String b) {
        if (ERROR.equals(a) || ERROR.equals(b)) {
            return ERROR;
        }
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        int ia = a.indexOf('|');
        int ib = b.indexOf('|');
        long count = Long.parseLong(a.substring(0, ia)) + Long.parseLong(b.substring(0, ib));
        NodeValue x = NodeValue.makeNode(Terms.decode(a.substring(ia + 1)));
        NodeValue y = NodeValue.makeNode(Terms.decode(b.substring(ib + 1)));
        try {
            NodeValue r = switch (kind) {
                case SUM, AVG -> XSDFuncOp.numAdd(x, y);
                case MIN -> NodeValue.compareAlways(x, y) <= 0 ? x : y;
                case MAX -> NodeValue.compareAlways(x, y) >= 0 ? x : y;
            };
            return count + "|" + Terms.encode(r.asNode());
        } catch (ExprEvalException e) {
            return ERROR;
        }
    }

    @Override
    public String finish(String buffer) {
        if (ERROR.equals(buffer)) {
            return null;
        }
        if (buffer.isEmpty()) {
            return kind == Kind.SUM || kind == Kind.AVG ? Terms.encode(NodeValue.nvZERO.asNode()) : null;
        }
        int i = buffer.indexOf('|');
        Node value = Terms.decode(buffer.substring(i + 1));
        NodeValue nv = NodeValue.makeNode(value);
        if (kind == Kind.SUM && !nv.isNumber()) {
            return null;
        }
        if (kind == Kind.AVG) {
            try {
                return Terms.encode(XSDFuncOp.numDivide(nv, NodeValue.makeInteger(Long.parseLong(buffer.substring(0, i)))).asNode());
            } catch (ExprEvalException e) {
                return null;
            }
        }
        return Terms.encode(value);
    }

    @Override
    public Encoder<String> bufferEncoder() {
        return Encoders.STRING();
    }

    @Override
    public Encoder<String> outputEncoder() {
        return Encoders.STRING();
    }
}
