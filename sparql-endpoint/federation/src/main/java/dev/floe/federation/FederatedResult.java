package dev.floe.federation;

import java.util.List;

import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.RowSetStream;

/**
 * The answer of a federated query, complete (the gateway reads every member's answer before replying, so a
 * member failing midway gives an error or an explicit partial answer, never a truncated one), in Jena terms so
 * the endpoint's writers serve it in every format.
 *
 * @param vars     result variables of a SELECT (empty otherwise)
 * @param rows     solutions of a SELECT
 * @param ask      answer of an ASK (null otherwise)
 * @param graph    result of a CONSTRUCT or DESCRIBE (null otherwise)
 * @param warnings one line per member left out of a partial answer; empty for a complete one
 */
public record FederatedResult(List<Var> vars, List<Binding> rows, Boolean ask, Model graph, List<String> warnings) {

    public FederatedResult {
        vars = List.copyOf(vars);
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
    }

    public boolean isSelect() {
        return ask == null && graph == null;
    }

    /** The SELECT solutions as a fresh Jena result set. */
    public ResultSet resultSet() {
        return ResultSet.adapt(RowSetStream.create(vars, rows.iterator()));
    }

    /** Whether some members were left out. */
    public boolean partial() {
        return !warnings.isEmpty();
    }
}
