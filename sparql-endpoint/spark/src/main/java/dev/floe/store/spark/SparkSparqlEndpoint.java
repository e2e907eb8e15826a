package dev.floe.store.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.apache.jena.atlas.web.AcceptList;
import org.apache.jena.atlas.web.MediaRange;
import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.query.Query;
import org.apache.jena.rdf.model.ModelFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.floe.sparql.access.ApiKeys;
import dev.floe.sparql.access.PresentedKey;
import dev.floe.sparql.QueryAnswer;
import dev.floe.sparql.ResultFormat;

/**
 * The SPARQL 1.1 Protocol over a {@link SparkSparqlEngine}: {@code floe serve --engine spark}. {@code GET /sparql?query=},
 * {@code POST /sparql} with a form or an {@code application/sparql-query} body; the answer in the formats of the TDB2
 * endpoint ({@link ResultFormat}, written by the same {@link QueryAnswer}: SPARQL JSON, XML, CSV, TSV, GeoJSON with
 * {@code geometry=VAR}, Turtle, N-Triples, JSON-LD, RDF/XML), chosen by the {@code format} parameter or by Accept.
 * {@code GET /health} answers while the server runs. The store is read-only here (it grows by {@code floe spark
 * load}): an update is refused, as are the protocol's dataset parameters, which the engine, like FROM, does not
 * translate. Errors are plain text: 400 for a syntax error or a construct the engine cannot translate (named),
 * 401 for a missing or wrong read key, 406, 413, 503 when every query slot is taken.
 * <p>
 * Why not the Jersey endpoint of floe-endpoint: that one is Jersey 3 (jakarta), and Spark 3.5 brings Jersey 2 under
 * the same class names, so the two cannot share a JVM. The JDK's own HTTP server carries this one route instead.
 */
public final class SparkSparqlEndpoint implements AutoCloseable {

    /** The largest request body read (a query, a form). */
    static final int MAX_BODY = 1 << 20;

    private final SparkSparqlEngine engine;
    private final ApiKeys readKeys;
    private final String storeUri;
    private final PrintStream log;
    private final HttpServer server;
    private final ExecutorService workers;
    /** One permit per query that may run at once. */
    final Semaphore slots;

    private SparkSparqlEndpoint(SparkSparqlEngine engine, String storeUri, ApiKeys readKeys, PrintStream log,
                                HttpServer server, ExecutorService workers, Semaphore slots) {
        this.slots = slots;
        this.engine = engine;
        this.storeUri = storeUri;
        this.readKeys = readKeys;
        this.log = log;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Starts the endpoint on {@code address} (port 0 picks a free one). {@code readKeys} empty: anyone who reaches the
     * address may query, so only a loopback address is allowed then. {@code concurrent} queries run at once (Spark
     * runs their jobs side by side); a query beyond them is answered 503. Requests are logged to {@code log}.
     */
    public static SparkSparqlEndpoint start(SparkSparqlEngine engine, String storeUri, InetSocketAddress address,
                                            ApiKeys readKeys, int concurrent, PrintStream log) throws IOException {
        if (readKeys.isEmpty() && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("serving the Spark store on " + address.getAddress().getHostAddress()
                    + " needs --read-keys FILE: without keys anyone who reaches the address could query it");
        }
        // threads beyond the query slots answer 503 at once when every slot is taken, instead of queueing unboundedly
        ExecutorService workers = Executors.newFixedThreadPool(concurrent + 4);
        HttpServer server = HttpServer.create(address, 64);
        server.setExecutor(workers);
        SparkSparqlEndpoint endpoint = new SparkSparqlEndpoint(engine, storeUri, readKeys, log, server, workers,
                new Semaphore(concurrent));
        server.createContext("/", endpoint::handle);
        server.start();
        return endpoint;
    }

    /** The address the endpoint listens on, e.g. {@code http://127.0.0.1:8080/sparql}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/sparql");
    }

    /** Stops accepting requests, lets those in flight finish for up to two seconds. */
    @Override
    public void close() {
        server.stop(2);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        int status;
        try (exchange) {
            try {
                status = route(exchange);
            } catch (IllegalArgumentException | UnsupportedQueryException e) {
                status = text(exchange, 400, e.getMessage());
            } catch (RuntimeException e) {
                status = text(exchange, 500, "the request failed: " + firstLine(e));
            }
        } catch (IOException | UncheckedIOException e) {
            status = -1; // the client went away while the answer was written
        }
        log.printf(Locale.ROOT, "%s %s -> %s (%d ms)%n", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                status < 0 ? "client gone" : Integer.toString(status), (System.nanoTime() - started) / 1_000_000);
    }

    private int route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return notAllowed(exchange, "GET");
            }
            String body = "{\"status\":\"ok\",\"engine\":\"spark\",\"endpoints\":[\"sparql\"],\"store\":" + jsonString(storeUri) + "}\n";
            return send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
        if (!path.equals("/sparql")) {
            return text(exchange, 404, "no such resource: " + path + " (this server answers SPARQL queries at /sparql)");
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            return notAllowed(exchange, "GET, POST");
        }
        // access is decided here, by the resource, before the body is read
        if (!readKeys.isEmpty() && !readKeys.contains(PresentedKey.of(presentedKey(exchange)))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"floe\"");
            return text(exchange, 401, presentedKey(exchange) == null
                    ? "this endpoint needs a read key: send Authorization: Bearer KEY (or X-API-Key: KEY)"
                    : "the key is not a read key of this endpoint");
        }
        Map<String, List<String>> params = parameters(exchange.getRequestURI().getRawQuery());
        String query;
        if (method.equals("POST")) {
            String type = contentType(exchange);
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                return text(exchange, 413, "the request body is larger than " + MAX_BODY + " bytes");
            }
            if (type.equals("application/x-www-form-urlencoded")) {
                parameters(new String(body, StandardCharsets.UTF_8)).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
                query = single(params, "query");
            } else if (type.equals("application/sparql-query")) {
                if (params.containsKey("query")) {
                    return text(exchange, 400, "a query in the body and in the URL: send one");
                }
                query = new String(body, StandardCharsets.UTF_8);
            } else if (type.equals("application/sparql-update")) {
                return readOnly(exchange);
            } else {
                return text(exchange, 415, "unsupported request body type '" + type + "': send application/sparql-query "
                        + "or a form (application/x-www-form-urlencoded) with query=...");
            }
        } else {
            query = single(params, "query");
        }
        if (params.containsKey("update")) {
            return readOnly(exchange);
        }
        for (String p : List.of("default-graph-uri", "named-graph-uri")) {
            if (params.containsKey(p)) {
                throw new UnsupportedQueryException("the protocol's " + p + " parameter (a dataset of chosen graphs, as FROM "
                        + "and FROM NAMED; use GRAPH <g> in the query)");
            }
        }
        if (query == null || query.isBlank()) {
            return text(exchange, 400, "missing query: send query=... (GET or form POST) or a body of type application/sparql-query");
        }
        return answer(exchange, query, single(params, "format"), single(params, "geometry"));
    }

    private int answer(HttpExchange exchange, String text, String formatName, String geometryVar) throws IOException {
        Query query;
        try {
            query = SparkSparqlEngine.parse(text);
        } catch (IllegalArgumentException e) {
            return text(exchange, 400, "SPARQL syntax error: " + e.getMessage().replaceFirst("^not a SPARQL query: ", ""));
        }
        boolean results = query.isSelectType() || query.isAskType();
        ResultFormat format;
        if (formatName != null && !formatName.isBlank()) {
            format = ResultFormat.byName(formatName, results);
            if (format == null) {
                return text(exchange, 400, "unknown format '" + formatName + "' for this query; use one of " + ResultFormat.names(results));
            }
        } else {
            format = negotiate(exchange.getRequestHeaders().getFirst("Accept"), results);
            if (format == null) {
                return text(exchange, 406, "none of the accepted media types can carry " + (results ? "SELECT/ASK results" : "an RDF graph")
                        + "; acceptable: " + mediaTypes(results));
            }
        }
        if (format == ResultFormat.GEOJSON && !query.isSelectType()) {
            return text(exchange, 406, "GeoJSON results are for SELECT queries");
        }
        if (geometryVar != null && !query.getResultVars().contains(geometryVar)) {
            return text(exchange, 400, "geometry=" + geometryVar + " is not a variable of the query");
        }
        if (!slots.tryAcquire()) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            return text(exchange, 503, "every query slot of this server is taken; retry shortly");
        }
        QueryAnswer answer;
        try {
            if (query.isSelectType()) {
                answer = QueryAnswer.select(engine.select(text));
            } else if (query.isAskType()) {
                answer = QueryAnswer.ask(engine.ask(text));
            } else if (query.isConstructType()) {
                answer = QueryAnswer.graph(ModelFactory.createModelForGraph(engine.construct(text)));
            } else {
                throw new UnsupportedQueryException("DESCRIBE queries (only SELECT, ASK and CONSTRUCT)");
            }
        } catch (UnsupportedQueryException e) {
            return text(exchange, 400, e.getMessage());
        } catch (IllegalArgumentException e) {
            return text(exchange, 400, e.getMessage());
        } catch (RuntimeException e) {
            return text(exchange, 500, "the query failed on Spark: " + firstLine(e));
        } finally {
            slots.release();
        }
        // the answer is whole on the driver: written into memory first, so a failure while writing is still a clean error
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            answer.write(bytes, format, geometryVar);
        } catch (RuntimeException e) {
            return text(exchange, 500, "the answer could not be written as " + format.mediaType() + ": " + firstLine(e));
        }
        return send(exchange, 200, format.mediaType() + "; charset=utf-8", bytes.toByteArray());
    }

    /** The result format for an Accept header (absent: the form's default), or null when none is acceptable. */
    static ResultFormat negotiate(String accept, boolean results) {
        List<MediaRange> offers = new ArrayList<>();
        for (ResultFormat f : ResultFormat.values()) {
            if (f.forResults() == results) {
                offers.add(new MediaRange(f.mediaType()));
            }
        }
        if (accept == null || accept.isBlank()) {
            return ResultFormat.byName(offers.get(0).getContentTypeStr(), results);
        }
        MediaType chosen;
        try {
            chosen = AcceptList.match(new AcceptList(accept), new AcceptList(offers));
        } catch (RuntimeException e) {
            return null; // a malformed Accept header: nothing acceptable
        }
        return chosen == null ? null : ResultFormat.byName(chosen.getContentTypeStr(), results);
    }

    private static String mediaTypes(boolean results) {
        List<String> out = new ArrayList<>();
        for (ResultFormat f : ResultFormat.values()) {
            if (f.forResults() == results) {
                out.add(f.mediaType());
            }
        }
        return out.toString();
    }

    private static String presentedKey(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        return exchange.getRequestHeaders().getFirst("X-API-Key");
    }

    private static String contentType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The body, or null when it is larger than {@link #MAX_BODY}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    /**
     * Form or URL parameters, decoded. Hand-written because the JDK's HTTP server has no parameter parser and the
     * libraries that do (Jersey, Jetty) are what this class must not bring onto Spark's classpath.
     */
    static Map<String, List<String>> parameters(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("the parameter " + name + " is given " + values.size() + " times: give it once");
        }
        return values.get(0);
    }

    private int readOnly(HttpExchange exchange) throws IOException {
        return text(exchange, 400, "the Spark store answers queries only: SPARQL Update is not accepted here; "
                + "add data with floe spark load --out " + storeUri + " FILE...");
    }

    private static int notAllowed(HttpExchange exchange, String allow) throws IOException {
        exchange.getResponseHeaders().set("Allow", allow);
        return text(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed here (" + allow + ")");
    }

    private static int text(HttpExchange exchange, int status, String message) throws IOException {
        return send(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
