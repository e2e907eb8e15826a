package dev.floe.store.cancellation;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.expr.E_Regex;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.expr.RegexEngine;
import org.apache.jena.sparql.expr.nodevalue.NodeValueOps;
import org.apache.jena.sparql.function.FunctionEnv;

/**
 * SPARQL {@code REGEX} that a timeout interrupts: ARQ's own runs a {@link java.util.regex.Matcher} to the end,
 * however long a catastrophic pattern or a huge literal takes. This one matches the same way (Java regular
 * expressions with ARQ's flag handling) over a {@link CancellableText}, which throws once the query is cancelled.
 * Put in place of ARQ's by {@link CancellableExpressions}.
 *
 * <p>It is never evaluated while the query is optimised: ARQ folds constant expressions then, and its timeout
 * cannot fire before the plan is built, so a REGEX over constants could run unbounded. It declines instead
 * (ARQ's constant folding keeps an expression it cannot evaluate) and runs with the query, where the timeout
 * stops it.
 */
public final class CancellableRegex extends E_Regex {

    /** The compiled pattern when pattern and flags are constants, else null (compiled per evaluation). */
    private final Pattern constant;

    public CancellableRegex(Expr text, Expr pattern, Expr flags) {
        super(text, pattern, flags);
        Pattern p = null;
        if (pattern.isConstant() && pattern.getConstant().isString() && (flags == null || flags.isConstant())) {
            p = compile(pattern.getConstant(), flags == null ? null : flags.getConstant());
        }
        constant = p;
    }

    @Override
    public NodeValue eval(List<NodeValue> args, FunctionEnv env) {
        AtomicBoolean signal = Cancellation.signal(env);
        if (signal == null) {
            return super.eval(args);
        }
        Node text = NodeValueOps.checkAndGetStringLiteral("REGEX", args.get(0));
        Pattern pattern = constant != null ? constant : compile(args.get(1), args.size() == 2 ? null : args.get(2));
        return NodeValue.booleanReturn(pattern.matcher(new CancellableText(text.getLiteralLexicalForm(), signal)).find());
    }

    /** Evaluation without a query (ARQ's constant folding): declined, see the class comment. */
    @Override
    public NodeValue eval(List<NodeValue> args) {
        throw new UnsupportedOperationException("REGEX is evaluated with its query, where a timeout can stop it");
    }

    private static Pattern compile(NodeValue pattern, NodeValue flags) {
        if (!pattern.isString() || (flags != null && !flags.isString())) {
            throw new ExprEvalException("REGEX: the pattern and the flags must be strings");
        }
        String f = flags == null ? null : flags.getString();
        if (f != null && !f.chars().allMatch(c -> "smixq".indexOf(c) >= 0)) {
            throw new ExprEvalException("REGEX: only 'smixq' are legal as pattern flags, got \"" + f + "\"");
        }
        return RegexEngine.makePattern("REGEX", pattern.getString(), f);
    }

    @Override
    public Expr copy(ExprList args) {
        return new CancellableRegex(args.get(0), args.get(1), args.size() == 2 ? null : args.get(2));
    }
}
