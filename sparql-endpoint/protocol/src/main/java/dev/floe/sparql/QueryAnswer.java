package dev.floe.sparql;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.core.Prologue;
import org.apache.jena.sparql.resultset.ResultsWriter;

/**
 * The answer of one SPARQL query, whatever its form: the solutions of a SELECT, the boolean of an ASK, the graph
 * of a CONSTRUCT or DESCRIBE. It is the one place where floe writes answers as bytes, in a {@link ResultFormat}
 * with Jena's own writers ({@link ResultsWriter}, {@link RDFDataMgr}; GeoJSON with {@link GeoJsonResults}) or as a
 * text table for a terminal ({@link ResultSetFormatter}); the endpoint's {@code /sparql} and
 * {@code /federated/sparql} and the {@code floe query} command all answer through it.
 * <p>
 * SELECT solutions stream: they are written as the query yields them, so an answer can be written once, by one
 * thread; a failure of the query while they are written (a timeout, mostly) propagates from {@code write}.
 */
public sealed interface QueryAnswer {

    /** A SELECT's solutions, read once as they are written. */
    static QueryAnswer select(ResultSet rows) {
        return new Solutions(rows);
    }

    /** An ASK's answer. */
    static QueryAnswer ask(boolean value) {
        return new Ask(value);
    }

    /** A CONSTRUCT's or DESCRIBE's graph. */
    static QueryAnswer graph(Model graph) {
        return new Graph(graph);
    }

    /**
     * Runs the query: an ASK, CONSTRUCT or DESCRIBE whole, a SELECT up to its first solution, so that a query that
     * fails (or times out) at once fails here, before anything is written. The SELECT's remaining solutions come
     * from {@code execution} as they are written: it must stay open until then.
     */
    static QueryAnswer execute(Query query, QueryExecution execution) {
        if (query.isAskType()) {
            return ask(execution.execAsk());
        }
        if (query.isSelectType()) {
            ResultSet rows = execution.execSelect();
            rows.hasNext();
            return select(rows);
        }
        if (query.isConstructType()) {
            return graph(execution.execConstruct());
        }
        if (query.isDescribeType()) {
            return graph(execution.execDescribe());
        }
        throw new IllegalArgumentException("unsupported query form: only SELECT, ASK, CONSTRUCT and DESCRIBE have an answer");
    }

    /**
     * Writes the answer in {@code format}, which must fit its form ({@link ResultFormat#forResults()} for SELECT and
     * ASK, GeoJSON for SELECT only). {@code geometryVar} names the GeoJSON geometry variable; null picks the first
     * geometry of each solution. Returns what was written, for the request log: the solutions, 1 for an ASK, the
     * triples of a graph. Leaves {@code out} open.
     */
    long write(OutputStream out, ResultFormat format, String geometryVar);

    /**
     * Writes the answer for a person at a terminal: a SELECT as a text table with the prologue's prefixes, an ASK
     * as {@code true} or {@code false} on a line of its own, a graph as Turtle.
     */
    void writeTable(OutputStream out, Prologue prologue);

    /** The solutions of a SELECT. */
    record Solutions(ResultSet rows) implements QueryAnswer {
        @Override
        public long write(OutputStream out, ResultFormat format, String geometryVar) {
            check(format, true, "SELECT");
            CountingResultSet counted = new CountingResultSet(rows);
            if (format == ResultFormat.GEOJSON) {
                GeoJsonResults.write(out, counted, geometryVar);
            } else {
                ResultsWriter.create().lang(format.lang()).write(out, counted);
            }
            return counted.rows();
        }

        @Override
        public void writeTable(OutputStream out, Prologue prologue) {
            ResultSetFormatter.out(out, rows, prologue);
        }
    }

    /** The answer of an ASK. */
    record Ask(boolean value) implements QueryAnswer {
        @Override
        public long write(OutputStream out, ResultFormat format, String geometryVar) {
            check(format, true, "ASK");
            if (format == ResultFormat.GEOJSON) {
                throw new IllegalArgumentException("GeoJSON results are for SELECT queries");
            }
            ResultsWriter.create().lang(format.lang()).write(out, value);
            return 1;
        }

        @Override
        public void writeTable(OutputStream out, Prologue prologue) {
            PrintStream text = new PrintStream(out, true, StandardCharsets.UTF_8);
            text.println(value);
        }
    }

    /** The graph of a CONSTRUCT or DESCRIBE. */
    record Graph(Model graph) implements QueryAnswer {
        @Override
        public long write(OutputStream out, ResultFormat format, String geometryVar) {
            check(format, false, "CONSTRUCT/DESCRIBE");
            RDFDataMgr.write(out, graph, format.lang());
            return graph.size();
        }

        @Override
        public void writeTable(OutputStream out, Prologue prologue) {
            RDFDataMgr.write(out, graph, Lang.TURTLE);
        }
    }

    private static void check(ResultFormat format, boolean results, String form) {
        if (format.forResults() != results) {
            throw new IllegalArgumentException("the answer of a " + form + " query cannot be written as " + format.mediaType()
                    + "; use one of " + ResultFormat.names(results));
        }
    }
}
