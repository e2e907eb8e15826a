package dev.floe.endpoint.serving;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.floe.ml.api.DataType;
import dev.floe.ml.api.InferenceRequest.Recording;
import dev.floe.ml.api.ServingException;

/**
 * An Open Inference Protocol (v2) inference request, decoded in one streaming pass: {@code id}, the typed
 * {@code inputs} (their {@code data} flat or nested, or, with the binary tensor extension, {@code
 * "parameters": {"binary_data_size": N}} and the bytes after the JSON header, in input order), the requested
 * {@code outputs} (each {@code "binary_data"} or not; {@code "binary_data_output"} in the request's parameters sets
 * the default), and in the request's parameters what the rows are about ({@code "floe:subjects"},
 * {@code "floe:footprints"}, one entry or null per row) and {@code "floe:record"}.
 */
record InferenceV2Request(String id, List<DecodedTensor> inputs, List<Output> outputs, boolean binaryOutputs,
                          RowSubjects subjects, Recording recording) {

    /** The header that gives the length of the JSON header before the binary tensors. */
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    /** A requested output: its name and whether it comes back binary (null: the request's default). */
    record Output(String name, Boolean binary) {
        boolean binary(boolean byDefault) {
            return binary != null ? binary : byDefault;
        }
    }

    /** An input as its JSON header gives it, before its data is joined to it. */
    private static final class Input {
        String name;
        long[] shape;
        DataType datatype;
        Elements data;
        long binarySize = -1;
    }

    /**
     * Reads a request; {@code headerLength} is the {@value #HEADER_LENGTH} header (null: the whole body is JSON).
     */
    static InferenceV2Request read(JsonFactory json, InputStream body, String headerLength) throws IOException {
        if (headerLength == null) {
            try (JsonParser p = json.createParser(body)) {
                return parse(p, null, 0, 0);
            } catch (JsonProcessingException e) {
                throw TfServingRequest.malformed(e);
            }
        }
        byte[] all = body.readAllBytes();
        int n;
        try {
            n = Integer.parseInt(headerLength.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > all.length) {
            throw invalid(HEADER_LENGTH + " is " + headerLength + "; it must be the length of the JSON header, between 0 and "
                    + all.length + " (the body's length)");
        }
        try (JsonParser p = json.createParser(all, 0, n)) {
            return parse(p, all, n, all.length - n);
        } catch (JsonProcessingException e) {
            throw TfServingRequest.malformed(e);
        }
    }

    /** Parses the JSON header; {@code binary} holds the tensors' bytes from {@code offset} (null: no binary part). */
    private static InferenceV2Request parse(JsonParser p, byte[] binary, int offset, int length) throws IOException {
        String id = null;
        List<Input> inputs = null;
        List<Output> outputs = null;
        boolean binaryOutputs = false;
        RowSubjects subjects = new RowSubjects();
        Recording recording = Recording.SYNC;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw invalid("the request must be a JSON object with \"inputs\"");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString(p.getText());
                case "inputs" -> inputs = inputs(p);
                case "outputs" -> outputs = outputs(p);
                case "parameters" -> {
                    expect(p, t == JsonToken.START_OBJECT, "\"parameters\" must be an object");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (name) {
                            case "binary_data_output" -> binaryOutputs = bool(p, v, name);
                            case RowSubjects.SUBJECTS -> {
                                List<String> iris = TfServingRequest.strings(p, name);
                                for (int i = 0; i < iris.size(); i++) {
                                    subjects.iri(i, iris.get(i), name + "[" + i + "]");
                                }
                            }
                            case RowSubjects.FOOTPRINTS -> {
                                List<String> wkts = TfServingRequest.strings(p, name);
                                for (int i = 0; i < wkts.size(); i++) {
                                    subjects.footprint(i, wkts.get(i), name + "[" + i + "]");
                                }
                            }
                            case RowSubjects.RECORD -> recording = RowSubjects.recording(p.getValueAsString(p.getText()));
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw invalid("the JSON header goes on after its object" + (binary == null
                    ? " (binary tensors need the " + HEADER_LENGTH + " header)" : ""));
        }
        if (inputs == null || inputs.isEmpty()) {
            throw invalid("the request has no \"inputs\"");
        }
        List<DecodedTensor> tensors = new ArrayList<>();
        int at = offset;
        for (Input in : inputs) {
            if (in.binarySize >= 0) {
                if (binary == null) {
                    throw invalid("input " + in.name + " has binary_data_size but the request has no " + HEADER_LENGTH
                            + " header");
                }
                if (in.binarySize > offset + length - at) {
                    throw invalid("input " + in.name + ": binary_data_size " + in.binarySize + " runs past the end of the body ("
                            + (offset + length - at) + " bytes left)");
                }
                in.data = TensorBytes.decode(in.name, in.datatype, binary, at, (int) in.binarySize);
                at += (int) in.binarySize;
            }
            tensors.add(new DecodedTensor(in.name, in.datatype, in.shape, in.data));
        }
        if (at != offset + length) {
            throw invalid("the body has " + length + " bytes after the JSON header, the inputs' binary_data_size add up to "
                    + (at - offset));
        }
        return new InferenceV2Request(id, tensors, outputs, binaryOutputs, subjects, recording);
    }

    private static List<Input> inputs(JsonParser p) throws IOException {
        expect(p, p.currentToken() == JsonToken.START_ARRAY, "\"inputs\" must be a list of tensors");
        List<Input> inputs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String where = "inputs[" + inputs.size() + "]";
            expect(p, p.currentToken() == JsonToken.START_OBJECT, where + " must be an object");
            Input in = new Input();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "name" -> {
                        expect(p, t == JsonToken.VALUE_STRING, where + ".name must be a string");
                        in.name = p.getText();
                    }
                    case "datatype" -> {
                        expect(p, t == JsonToken.VALUE_STRING, where + ".datatype must be a string");
                        in.datatype = DataType.parse(p.getText());
                    }
                    case "shape" -> in.shape = shape(p, where);
                    case "data" -> {
                        in.data = new Elements(in.name == null ? where : in.name);
                        JsonTensors.read(p, in.data, "the data of " + (in.name == null ? where : "input " + in.name));
                    }
                    case "parameters" -> {
                        expect(p, t == JsonToken.START_OBJECT, where + ".parameters must be an object");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken v = p.nextToken();
                            if (name.equals("binary_data_size")) {
                                expect(p, v == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0,
                                        where + ".parameters.binary_data_size must be a whole number of bytes");
                                in.binarySize = p.getLongValue();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            String name = in.name == null ? where : "input " + in.name;
            expect(p, in.name != null, where + " has no name");
            expect(p, in.datatype != null, name + " has no datatype");
            expect(p, in.shape != null, name + " has no shape");
            expect(p, in.datatype != DataType.FP16, name + ": FP16 is not supported; send FP32");
            expect(p, in.data == null || in.binarySize < 0, name + " has both data and binary_data_size");
            expect(p, in.data != null || in.binarySize >= 0, name + " has no data (give \"data\", or "
                    + "\"parameters\": {\"binary_data_size\": N} and the bytes after the JSON header)");
            inputs.add(in);
        }
        return inputs;
    }

    private static long[] shape(JsonParser p, String where) throws IOException {
        expect(p, p.currentToken() == JsonToken.START_ARRAY, where + ".shape must be a list of sizes");
        List<Long> dims = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p, p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0,
                    where + ".shape must be a list of whole sizes, not " + p.getText());
            expect(p, dims.size() < JsonTensors.MAX_RANK, where + ".shape has more than " + JsonTensors.MAX_RANK + " dimensions");
            dims.add(p.getLongValue());
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static List<Output> outputs(JsonParser p) throws IOException {
        expect(p, p.currentToken() == JsonToken.START_ARRAY, "\"outputs\" must be a list of {\"name\": ...}");
        List<Output> outputs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String where = "outputs[" + outputs.size() + "]";
            expect(p, p.currentToken() == JsonToken.START_OBJECT, where + " must be an object");
            String name = null;
            Boolean binary = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("name")) {
                    expect(p, t == JsonToken.VALUE_STRING, where + ".name must be a string");
                    name = p.getText();
                } else if (field.equals("parameters")) {
                    expect(p, t == JsonToken.START_OBJECT, where + ".parameters must be an object");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String param = p.currentName();
                        JsonToken v = p.nextToken();
                        if (param.equals("binary_data")) {
                            binary = bool(p, v, where + ".parameters.binary_data");
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            expect(p, name != null, where + " has no name");
            outputs.add(new Output(name, binary));
        }
        return outputs;
    }

    private static boolean bool(JsonParser p, JsonToken t, String what) {
        expect(p, t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE, what + " must be true or false");
        return t == JsonToken.VALUE_TRUE;
    }

    private static void expect(JsonParser p, boolean condition, String message) {
        if (!condition) {
            throw invalid(message);
        }
    }

    private static ServingException invalid(String message) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, message);
    }
}
