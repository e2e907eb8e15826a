package dev.floe.store.spark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.sparql.core.Var;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The solutions of a part of a query as a Spark table: one string column per variable holding its term
 * ({@link Terms}; null where unbound), and for variables bound to geo:wktLiteral objects of geo:asWKT also the
 * parsed geometry and its bbox (columns {@code COL__geom}, {@code COL__bbox}) read from the store, so spatial
 * filters and joins use the geometry parsed at load and prune by the bbox statistics. Immutable.
 *
 * @param rows         the table
 * @param vars         the variables that have a column
 * @param maybeUnbound the variables whose column may be null (from OPTIONAL, UNION, BIND)
 * @param geometries   the variables with geometry and bbox columns
 */
record Frame(Dataset<Row> rows, Set<Var> vars, Set<Var> maybeUnbound, Set<Var> geometries) {

    Frame {
        vars = Collections.unmodifiableSet(new LinkedHashSet<>(vars));
        maybeUnbound = Collections.unmodifiableSet(new LinkedHashSet<>(maybeUnbound));
        geometries = Collections.unmodifiableSet(new LinkedHashSet<>(geometries));
    }

    /** A variable's column name: its name in hex, as variable names (such as Jena's ?.0) are not column names. */
    static String col(Var v) {
        return "v_" + HexFormat.of().formatHex(v.getVarName().getBytes(StandardCharsets.UTF_8));
    }

    static String geom(Var v) {
        return col(v) + "__geom";
    }

    static String bbox(Var v) {
        return col(v) + "__bbox";
    }

    Column column(Var v) {
        return vars.contains(v) ? rows.col(col(v)) : functions.lit(null).cast("string");
    }

    /** The columns of these variables, a null one for a variable the frame lacks. */
    Column[] columns(List<Var> vs) {
        Column[] out = new Column[vs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = vars.contains(vs.get(i)) ? functions.col(col(vs.get(i))) : functions.lit(null).cast("string");
        }
        return out;
    }

    /** The frame without the geometry columns of these variables. */
    Frame withoutGeometry(Set<Var> drop) {
        Dataset<Row> r = rows;
        Set<Var> g = new LinkedHashSet<>(geometries);
        for (Var v : drop) {
            if (g.remove(v)) {
                r = r.drop(geom(v), bbox(v));
            }
        }
        return new Frame(r, vars, maybeUnbound, g);
    }

    /** Only the variable columns (and those geometry columns) of {@code keep}, in order; missing ones null. */
    Frame project(List<Var> keep) {
        List<Column> cols = new ArrayList<>();
        Set<Var> g = new LinkedHashSet<>();
        Set<Var> maybe = new LinkedHashSet<>();
        for (Var v : keep) {
            cols.add(column(v).as(col(v)));
            if (!vars.contains(v) || maybeUnbound.contains(v)) {
                maybe.add(v);
            }
            if (geometries.contains(v)) {
                cols.add(rows.col(geom(v)));
                cols.add(rows.col(bbox(v)));
                g.add(v);
            }
        }
        return new Frame(rows.select(cols.toArray(Column[]::new)), new LinkedHashSet<>(keep), maybe, g);
    }
}
