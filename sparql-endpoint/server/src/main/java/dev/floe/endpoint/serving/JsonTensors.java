package dev.floe.endpoint.serving;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.floe.ml.api.ServingException;
import dev.floe.ml.api.Tensor;

/**
 * Tensors in JSON, streamed: reads a scalar or nested lists of scalars straight into {@link Elements} (a SAR patch
 * is 11,250 numbers: no tree of nodes is built), and writes a tensor, or one row of it, as nested lists. Stateless.
 */
final class JsonTensors {

    /** Deepest nesting accepted: far beyond any served model's rank. */
    static final int MAX_RANK = 16;

    private JsonTensors() {
    }

    /**
     * Reads the value at the parser's current token into {@code into} and returns its shape ({@code []} for a
     * scalar); nested lists must be rectangular. {@code what} names the value in messages.
     */
    static long[] read(JsonParser p, Elements into, String what) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            scalar(p, into, what);
            return new long[0];
        }
        long[] dims = new long[MAX_RANK];
        Arrays.fill(dims, -1);
        long[] counts = new long[MAX_RANK];
        int leaf = -1; // the depth at which scalars sit, once one is seen
        int deepest = 0;
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == JsonToken.START_ARRAY) {
                if (depth == MAX_RANK || (leaf >= 0 && depth >= leaf)) {
                    throw invalid(what + " is not a rectangular nested list" + (depth == MAX_RANK
                            ? " of at most " + MAX_RANK + " levels" : " (a list where a number belongs)"));
                }
                counts[depth++] = 0;
                deepest = Math.max(deepest, depth);
            } else if (t == JsonToken.END_ARRAY) {
                long n = counts[depth - 1];
                if (dims[depth - 1] < 0) {
                    dims[depth - 1] = n;
                } else if (dims[depth - 1] != n) {
                    throw invalid(what + " is ragged: lists at depth " + depth + " have " + dims[depth - 1] + " and " + n
                            + " elements");
                }
                depth--;
                if (depth == 0) {
                    break;
                }
                counts[depth - 1]++;
            } else {
                if (leaf < 0) {
                    leaf = depth;
                } else if (depth != leaf) {
                    throw invalid(what + " is ragged: values at depths " + leaf + " and " + depth);
                }
                scalar(p, into, what);
                counts[depth - 1]++;
            }
            t = p.nextToken();
            if (t == null) {
                throw invalid(what + " ends early");
            }
        }
        return Arrays.copyOf(dims, leaf >= 0 ? leaf : deepest);
    }

    private static void scalar(JsonParser p, Elements into, String what) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> into.add(p.getDoubleValue());
            case VALUE_TRUE -> into.add(1);
            case VALUE_FALSE -> into.add(0);
            case VALUE_STRING -> into.add(p.getText());
            case VALUE_NULL -> throw invalid(what + " holds null; tensors hold numbers, booleans or strings");
            default -> throw invalid(what + " holds " + (p.currentToken() == JsonToken.START_OBJECT ? "an object"
                    : p.currentToken()) + "; tensors hold numbers, booleans or strings ({\"b64\": ...} is not supported)");
        }
    }

    /** Writes {@code t} whole as nested lists. */
    static void write(JsonGenerator g, Tensor t) throws IOException {
        nested(g, t, t.shape(), 0, 0);
    }

    /** Writes row {@code row} of {@code t} (its first dimension) as nested lists, or a scalar for a rank-1 tensor. */
    static void writeRow(JsonGenerator g, Tensor t, int row) throws IOException {
        long[] shape = t.shape();
        nested(g, t, shape, 1, row * Math.toIntExact(Tensor.elements(Arrays.copyOfRange(shape, 1, shape.length))));
    }

    /** Writes {@code t} flat, as the Open Inference Protocol's {@code data}. */
    static void writeFlat(JsonGenerator g, Tensor t) throws IOException {
        int n = Math.toIntExact(Tensor.elements(t.shape()));
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
            element(g, t, i);
        }
        g.writeEndArray();
    }

    /** Writes the elements from {@code offset} of the dimensions from {@code dim} on; returns the next offset. */
    private static int nested(JsonGenerator g, Tensor t, long[] shape, int dim, int offset) throws IOException {
        if (dim == shape.length) {
            element(g, t, offset);
            return offset + 1;
        }
        g.writeStartArray();
        int at = offset;
        for (long i = 0; i < shape[dim]; i++) {
            at = nested(g, t, shape, dim + 1, at);
        }
        g.writeEndArray();
        return at;
    }

    private static void element(JsonGenerator g, Tensor t, int i) throws IOException {
        if (t instanceof Tensor.Strings s) {
            g.writeString(s.data()[i]);
            return;
        }
        double v = t.number(i);
        switch (t.datatype()) {
            case FP32, FP16 -> g.writeNumber((float) v);
            case FP64 -> g.writeNumber(v);
            case BOOL -> g.writeBoolean(v != 0);
            default -> g.writeNumber((long) v);
        }
    }

    static ServingException invalid(String message) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, message);
    }
}
