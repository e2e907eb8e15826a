package dev.floe.ml.trainingset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.RDFNode;

import dev.floe.ml.MlDataException;

/**
 * A training-set query: a SPARQL SELECT that binds {@code ?sample} (the sample), {@code ?label} (its class)
 * and {@code ?raster} (the file holding its pixels) and/or further variables, each a numeric feature.
 * Unbound features are missing values (kept, counted, imputed at training); anything else that is not a
 * number, and NaN or infinite numbers, are errors naming the sample and the variable.
 */
public final class TrainingQuery {

    public static final String SAMPLE = "sample";
    public static final String LABEL = "label";
    public static final String RASTER = "raster";

    private final String text;
    private final String where;
    private final Query query;

    /** Parses the query; {@code where} names it in error messages (e.g. the .rq file). */
    public TrainingQuery(String text, String where) {
        this.text = text;
        this.where = where;
        try {
            this.query = QueryFactory.create(text, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            throw new MlDataException(where + ": SPARQL syntax error: " + e.getMessage(), e);
        }
        if (!query.isSelectType()) {
            throw new MlDataException(where + ": a training-set query must be a SELECT");
        }
        if (!query.isQueryResultStar()) {
            checkVariables(query.getResultVars());
        }
    }

    public String text() {
        return text;
    }

    public Query query() {
        return query;
    }

    private void checkVariables(List<String> vars) {
        for (String required : List.of(SAMPLE, LABEL)) {
            if (!vars.contains(required)) {
                throw new MlDataException(where + ": the query does not select ?" + required + " (it selects "
                        + (vars.isEmpty() ? "nothing" : "?" + String.join(" ?", vars))
                        + "); a training-set query selects ?sample, ?label and ?raster and/or numeric feature variables");
            }
        }
        if (vars.size() == 2) {
            throw new MlDataException(where + ": the query selects only ?sample and ?label; add ?raster (the pixels) or numeric feature variables");
        }
    }

    /** The feature variables of {@code vars}: all but sample, label and raster, in order. */
    public static List<String> featureNames(List<String> vars) {
        List<String> out = new ArrayList<>(vars);
        out.removeAll(List.of(SAMPLE, LABEL, RASTER));
        return out;
    }

    /** Checks and converts every row; a sample may appear only once. */
    public List<TrainingRow> rows(ResultSetRewindable results) {
        List<String> vars = results.getResultVars();
        checkVariables(vars);
        List<String> features = featureNames(vars);
        boolean raster = vars.contains(RASTER);
        List<TrainingRow> rows = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        int index = 0;
        while (results.hasNext()) {
            QuerySolution s = results.next();
            index++;
            RDFNode sampleNode = s.get(SAMPLE);
            if (sampleNode == null) {
                throw new MlDataException(where + ": result row " + index + ": ?sample is unbound");
            }
            String sample = sampleNode.isURIResource() ? sampleNode.asResource().getURI()
                    : sampleNode.isLiteral() ? sampleNode.asLiteral().getLexicalForm() : sampleNode.toString();
            String at = where + ": sample " + sample;
            RDFNode labelNode = s.get(LABEL);
            if (labelNode == null) {
                throw new MlDataException(at + ": ?label is unbound (every sample needs a class)");
            }
            String label = labelNode.isLiteral() ? labelNode.asLiteral().getLexicalForm()
                    : labelNode.isURIResource() ? labelNode.asResource().getURI() : labelNode.toString();
            if (label.isBlank()) {
                throw new MlDataException(at + ": ?label is empty");
            }
            String previous = seen.put(sample, label);
            if (previous != null) {
                throw new MlDataException(at + ": appears in more than one row (labels \"" + previous + "\" and \"" + label
                        + "\"); a training-set query must return one row per sample");
            }
            String rasterIri = null;
            if (raster) {
                RDFNode r = s.get(RASTER);
                if (r == null) {
                    throw new MlDataException(at + ": ?raster is unbound");
                }
                rasterIri = r.isURIResource() ? r.asResource().getURI() : r.asLiteral().getLexicalForm();
            }
            double[] values = new double[features.size()];
            for (int f = 0; f < values.length; f++) {
                RDFNode v = s.get(features.get(f));
                if (v == null) {
                    values[f] = Double.NaN;
                    continue;
                }
                if (!v.isLiteral() || !(v.asLiteral().getValue() instanceof Number)) {
                    throw new MlDataException(at + ": ?" + features.get(f) + " is not a number: " + v);
                }
                Literal lit = v.asLiteral();
                double d = lit.getDouble();
                if (!Double.isFinite(d)) {
                    throw new MlDataException(at + ": ?" + features.get(f) + " is " + lit.getLexicalForm());
                }
                values[f] = d;
            }
            rows.add(new TrainingRow(sample, label, rasterIri, values));
        }
        if (rows.isEmpty()) {
            throw new MlDataException(where + ": the query returned no rows; nothing to make a training set of");
        }
        return rows;
    }
}
