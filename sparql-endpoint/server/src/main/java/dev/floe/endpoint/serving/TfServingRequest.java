package dev.floe.endpoint.serving;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.floe.ml.api.InferenceRequest.Recording;
import dev.floe.ml.api.ServingException;

/**
 * A TF Serving {@code :predict} or {@code :classify} body, decoded in one streaming pass: the inputs from the row
 * format ({@code "instances"}: a list of objects of named inputs, or of bare values when the model takes one input),
 * the columnar format ({@code "inputs"}: an object of named inputs, or one bare value) or classify's
 * {@code "examples"} (objects, with the features of {@code "context"} added to each), and what the rows are about
 * ({@code "floe:subject"} and {@code "floe:footprint"} in an instance or example; {@code "floe:subjects"} and
 * {@code "floe:footprints"}, one entry per row, beside columnar inputs) and {@code "floe:record"}.
 */
record TfServingRequest(List<DecodedTensor> inputs, boolean columnar, RowSubjects subjects, Recording recording) {

    /** The one signature served; TF Serving's default name. */
    static final String SIGNATURE = "serving_default";

    /** Reads a {@code :predict} body. */
    static TfServingRequest predict(JsonFactory json, InputStream body) throws IOException {
        return read(json, body, false);
    }

    /** Reads a {@code :classify} body. */
    static TfServingRequest classify(JsonFactory json, InputStream body) throws IOException {
        return read(json, body, true);
    }

    private static TfServingRequest read(JsonFactory json, InputStream body, boolean classify) throws IOException {
        RowSubjects subjects = new RowSubjects();
        List<DecodedTensor> rows = null;
        int rowCount = 0;
        List<DecodedTensor> columns = null;
        Map<String, DecodedTensor> context = new LinkedHashMap<>();
        boolean perRequestSubjects = false;
        Recording recording = Recording.SYNC;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("the body must be a JSON object with \"" + (classify ? "examples" : "instances\" or \"inputs")
                        + "\"");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "signature_name" -> {
                        String name = p.getValueAsString();
                        if (name == null || !name.equals(SIGNATURE)) {
                            throw invalid("unknown signature_name " + (name == null ? p.getText() : "\"" + name + "\"")
                                    + ": the only signature is \"" + SIGNATURE + "\" (or leave signature_name out)");
                        }
                    }
                    case "instances", "examples" -> {
                        if (classify != field.equals("examples")) {
                            throw invalid("\"" + field + "\" belongs in a " + (classify ? ":predict" : ":classify")
                                    + " request");
                        }
                        rows = new ArrayList<>();
                        rowCount = instances(p, subjects, classify, rows);
                    }
                    case "inputs" -> {
                        if (classify) {
                            throw invalid("\"inputs\" belongs in a :predict request; :classify takes \"examples\"");
                        }
                        columns = columns(p);
                    }
                    case "context" -> {
                        if (!classify || p.currentToken() != JsonToken.START_OBJECT) {
                            throw invalid("\"context\" is an object of features, in a :classify request");
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            Elements e = new Elements(name);
                            context.put(name, new DecodedTensor(name, null, JsonTensors.read(p, e, "context feature " + name), e));
                        }
                    }
                    case RowSubjects.SUBJECTS, RowSubjects.FOOTPRINTS -> {
                        perRequestSubjects = true;
                        List<String> values = strings(p, field);
                        for (int i = 0; i < values.size(); i++) {
                            if (field.equals(RowSubjects.SUBJECTS)) {
                                subjects.iri(i, values.get(i), field + "[" + i + "]");
                            } else {
                                subjects.footprint(i, values.get(i), field + "[" + i + "]");
                            }
                        }
                    }
                    case RowSubjects.RECORD -> recording = RowSubjects.recording(p.getValueAsString(p.getText()));
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw invalid("the body goes on after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
        if (rows != null && columns != null) {
            throw invalid("give \"instances\" (rows) or \"inputs\" (columns), not both");
        }
        if (rows == null && columns == null) {
            throw invalid(classify ? "the body has no \"examples\"" : "the body has neither \"instances\" nor \"inputs\"");
        }
        if (rows != null && rowCount == 0) {
            throw invalid("the request holds no rows: \"" + (classify ? "examples" : "instances") + "\" is empty");
        }
        if (perRequestSubjects && columns == null) {
            throw invalid("with " + (classify ? "examples" : "instances") + ", name each row's subject with \""
                    + RowSubjects.SUBJECT + "\" in it; \"" + RowSubjects.SUBJECTS + "\" goes with columnar \"inputs\"");
        }
        if (rows != null && !context.isEmpty()) {
            rows = withContext(rows, rowCount, context);
        }
        return new TfServingRequest(rows != null ? rows : columns, columns != null, subjects, recording);
    }

    /**
     * Reads the rows of "instances" or "examples" into {@code tensors}, one per named input (one unnamed for bare
     * values); returns the number of rows.
     */
    private static int instances(JsonParser p, RowSubjects subjects, boolean objectsOnly, List<DecodedTensor> tensors)
            throws IOException {
        String what = objectsOnly ? "example" : "instance";
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw invalid("\"" + what + "s\" must be a list");
        }
        Map<String, Rows> named = new LinkedHashMap<>();
        Rows bare = null;
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String where = what + " " + n;
            if (p.currentToken() == JsonToken.START_OBJECT) {
                if (bare != null) {
                    throw invalid(where + " is an object, earlier " + what + "s are bare values: use one form");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals(RowSubjects.SUBJECT)) {
                        subjects.iri(n, text(p, where, name), where);
                    } else if (name.equals(RowSubjects.FOOTPRINT)) {
                        subjects.footprint(n, text(p, where, name), where);
                    } else {
                        named.computeIfAbsent(name, Rows::new).add(p, n, what);
                    }
                }
            } else if (objectsOnly) {
                throw invalid(where + " must be an object of features");
            } else {
                if (!named.isEmpty()) {
                    throw invalid(where + " is a bare value, earlier instances are objects: use one form");
                }
                bare = bare == null ? new Rows(null) : bare;
                bare.add(p, n, what);
            }
            n++;
        }
        for (Rows r : named.values()) {
            tensors.add(r.tensor(n, what));
        }
        if (bare != null) {
            tensors.add(bare.tensor(n, what));
        }
        return n;
    }

    /** The columnar "inputs": an object of named tensors, or one bare tensor. */
    private static List<DecodedTensor> columns(JsonParser p) throws IOException {
        List<DecodedTensor> tensors = new ArrayList<>();
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                Elements e = new Elements(name);
                tensors.add(new DecodedTensor(name, null, JsonTensors.read(p, e, "input " + name), e));
            }
        } else {
            Elements e = new Elements("inputs");
            tensors.add(new DecodedTensor(null, null, JsonTensors.read(p, e, "inputs"), e));
        }
        return tensors;
    }

    /** Adds each context feature to every example. */
    private static List<DecodedTensor> withContext(List<DecodedTensor> rows, int n, Map<String, DecodedTensor> context) {
        List<DecodedTensor> all = new ArrayList<>(rows);
        for (DecodedTensor c : context.values()) {
            if (rows.stream().anyMatch(r -> c.name().equals(r.name()))) {
                throw invalid("feature " + c.name() + " is in both \"context\" and the examples");
            }
            c.elements().repeat(n);
            long[] shape = new long[c.shape().length + 1];
            shape[0] = n;
            System.arraycopy(c.shape(), 0, shape, 1, c.shape().length);
            all.add(new DecodedTensor(c.name(), null, shape, c.elements()));
        }
        return all;
    }

    private static String text(JsonParser p, String where, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw invalid(where + ": " + field + " must be a string");
        }
        return p.getText();
    }

    /** A list of strings (or nulls). */
    static List<String> strings(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw invalid("\"" + field + "\" must be a list of strings, one per row");
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(text(p, field + "[" + values.size() + "]", field));
        }
        return values;
    }

    /** A JSON syntax error in the caller's terms: what and where. */
    static ServingException malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        // Jackson names the start of an unclosed array as "[Source: ...; line: L, column: C]": the client's terms are enough
        String message = e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        return invalid("malformed JSON" + where + ": " + message);
    }

    static ServingException invalid(String message) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, message);
    }

    /** The values one input takes row by row; every row must have the same shape. */
    private static final class Rows {
        private final String name;
        private final Elements elements;
        private long[] rowShape;
        private int count;

        Rows(String name) {
            this.name = name;
            this.elements = new Elements(name == null ? "instances" : name);
        }

        void add(JsonParser p, int row, String what) throws IOException {
            if (count != row) {
                throw invalid(count < row ? what + " " + count + " lacks input " + name
                        : what + " " + row + " gives input " + name + " twice");
            }
            String where = what + " " + row + (name == null ? "" : ", input " + name);
            long[] shape = JsonTensors.read(p, elements, where);
            if (rowShape == null) {
                rowShape = shape;
            } else if (!java.util.Arrays.equals(rowShape, shape)) {
                throw invalid(where + " has shape " + java.util.Arrays.toString(shape) + ", " + what + " 0's has "
                        + java.util.Arrays.toString(rowShape));
            }
            count++;
        }

        DecodedTensor tensor(int rows, String what) {
            if (count != rows) {
                throw invalid(what + " " + count + " lacks input " + name);
            }
            long[] shape = new long[rowShape.length + 1];
            shape[0] = rows;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            return new DecodedTensor(name, null, shape, elements);
        }
    }
}
