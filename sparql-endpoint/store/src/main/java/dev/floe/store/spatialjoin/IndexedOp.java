package dev.floe.store.spatialjoin;

import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitor;
import org.apache.jena.sparql.algebra.Transform;
import org.apache.jena.sparql.algebra.op.OpExt;
import org.apache.jena.sparql.util.NodeIsomorphismMap;

/**
 * One of floe's operators: it stands for {@code original}, a part of the query, and answers it through the store's
 * spatial index with exactly the solutions of {@code original}. ARQ's transforms do not enter an {@code OpExt}, so it
 * holds the variables it was made with: it is made after ARQ has renamed the variables of each sub-SELECT by scope
 * ({@link SpatialJoinTransform#around}), and what it evaluates is optimised when it is evaluated.
 */
abstract class IndexedOp extends OpExt {

    /** The part of the query this operator answers, as ARQ would evaluate it. */
    final Op original;

    IndexedOp(String name, Op original) {
        super(name);
        this.original = original;
    }

    @Override
    public final Op effectiveOp() {
        return original;
    }

    @Override
    public final Op apply(Transform transform, OpVisitor before, OpVisitor after) {
        return this;
    }

    @Override
    public final Op apply(Transform transform) {
        return this;
    }

    @Override
    public final int hashCode() {
        return original.hashCode() ^ getName().hashCode();
    }

    @Override
    public final boolean equalTo(Op other, NodeIsomorphismMap labelMap) {
        return other != null && other.getClass() == getClass() && ((IndexedOp) other).original.equalTo(original, labelMap);
    }
}
