package dev.floe.endpoint.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.endpoint.EndpointServer;

/** Requests to a served endpoint, as the protocol tests send them; the headers come in name, value pairs. */
final class ServingHttp {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();

    private ServingHttp() {
    }

    static HttpResponse<String> get(EndpointServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(EndpointServer server, String path, String body, String... headers) throws Exception {
        return HTTP.send(request(server, path, HttpRequest.BodyPublishers.ofString(body), headers),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> postBytes(EndpointServer server, String path, byte[] body, String... headers) throws Exception {
        return HTTP.send(request(server, path, HttpRequest.BodyPublishers.ofByteArray(body), headers),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpRequest request(EndpointServer server, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).POST(body);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b.build();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The error message of a {"error": ...} answer (failing when the answer is not one). */
    static String error(HttpResponse<String> r) throws Exception {
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError("not a JSON answer: " + r.headers().map() + " " + r.body());
        }
        JsonNode e = json(r).get("error");
        if (e == null || !e.isTextual()) {
            throw new AssertionError("no \"error\" in " + r.body());
        }
        return e.asText();
    }

    /** softmax(x) as the toy model computes it, rounded to FP32 as the answer carries it. */
    static float[] softmax(double... x) {
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v);
        }
        float[] p = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = (float) (Math.exp(x[i]) / sum);
        }
        return p;
    }
}
