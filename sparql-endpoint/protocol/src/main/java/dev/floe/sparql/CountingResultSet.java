package dev.floe.sparql;

import java.util.function.Consumer;

import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.resultset.ResultSetWrapper;

/** A result set that counts the solutions taken from it, however a writer takes them (for the request log). */
final class CountingResultSet extends ResultSetWrapper {
    private long rows;

    CountingResultSet(ResultSet rs) {
        super(rs);
    }

    long rows() {
        return rows;
    }

    @Override
    public QuerySolution next() {
        rows++;
        return super.next();
    }

    @Override
    public QuerySolution nextSolution() {
        rows++;
        return super.nextSolution();
    }

    @Override
    public Binding nextBinding() {
        rows++;
        return super.nextBinding();
    }

    @Override
    public void forEachRemaining(Consumer<? super QuerySolution> action) {
        while (hasNext()) {
            action.accept(next());
        }
    }
}
