package dev.floe.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.security.Access;
import dev.floe.endpoint.security.AccessFilter;
import dev.floe.sparql.access.ApiKeys;
import dev.floe.endpoint.serving.InferenceV2Resource;
import dev.floe.endpoint.serving.TfServingResource;
import dev.floe.store.GeoStore;
import jakarta.ws.rs.core.MediaType;

/**
 * Every route the server exposes, enumerated from its Jersey resource model (so a new route is covered without
 * touching this test), is tried with every spelling of its path and every wrong credential: a write never
 * changes the store without a write key, and with read keys no read answers without one.
 */
class AccessByRouteTest {

    static final String WRITE_KEY = "write-key-0123456789abcdef";
    static final String READ_KEY = "read-key-0123456789abcdef";
    /** The only routes that may read with POST: the SPARQL query operations. */
    static final Set<String> READING_POSTS = Set.of("POST /sparql", "POST /rdfs/sparql", "POST /federated/sparql");
    /**
     * The model-serving resources, whose POSTs predict: a read, unless the body names subjects to record, which the
     * resource refuses without a write key (dev.floe.endpoint.serving.ServingAccessTest).
     */
    static final Set<Class<?>> PREDICTING = Set.of(TfServingResource.class, InferenceV2Resource.class);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path tmp;
    static GeoStore store;
    /** Writes enabled, reads open. */
    static EndpointServer writable;
    /** Started without --api-keys: writes disabled. */
    static EndpointServer readOnly;
    /** Writes and reads both need keys. */
    static EndpointServer closed;

    record Route(String path, String method, Method handler, List<MediaType> consumes) {
        Access.Level level() {
            return AccessFilter.levelOf(handler, method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        store = GeoStore.open(tmp.resolve("store"));
        store.load(List.of(dev.floe.store.StoreFixtures.places()));
        writable = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(WRITE_KEY), ApiKeys.of(READ_KEY + "-other")));
        readOnly = EndpointServer.start(store, EndpointConfig.loopback(0));
        closed = EndpointServer.start(store, EndpointConfig.loopback(0).withKeys(ApiKeys.of(WRITE_KEY), ApiKeys.of(READ_KEY)));
    }

    @AfterAll
    static void stop() {
        writable.close();
        readOnly.close();
        closed.close();
        store.close();
    }

    /** The routes of the application the server runs, from Jersey's resource model. */
    static List<Route> routes() {
        ResourceConfig app = EndpointServer.application(store, EndpointConfig.loopback(0), new GatewaySlot());
        List<Route> routes = new ArrayList<>();
        for (Class<?> c : app.getClasses()) {
            if (c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                collect(Resource.from(c), "", routes);
            }
        }
        return routes;
    }

    private static void collect(Resource resource, String prefix, List<Route> routes) {
        String path = (prefix + "/" + resource.getPath()).replaceAll("/+", "/");
        path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (ResourceMethod m : resource.getResourceMethods()) {
            routes.add(new Route(path, m.getHttpMethod(), m.getInvocable().getHandlingMethod(), m.getConsumedTypes()));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    /** A concrete path for a template: the assets and webjars that exist, a model, its version and label. */
    static String concrete(String template) {
        return template.replace("{name}", "floe.js").replaceAll("\\{path[^}]*}", "leaflet/1.9.4/dist/leaflet.js")
                .replaceAll("\\{model[^}]*}", "toy").replaceAll("\\{version[^}]*}", "1").replaceAll("\\{label[^}]*}", "champion");
    }

    /** The spellings of one path that must not reach a write (or a closed read) without the right key. */
    static List<String> spellings(String path) {
        List<String> s = new ArrayList<>(List.of(path, path + "/", path + ";x=1", "/" + path, "/x/.." + path,
                path.toUpperCase(java.util.Locale.ROOT)));
        if (path.length() > 1) {
            s.add("/%" + Integer.toHexString(path.charAt(1)) + path.substring(2));
        }
        return s;
    }

    /** What is presented instead of the right key. */
    static List<String[]> wrongCredentials(String readKey) {
        String oneOff = WRITE_KEY.substring(0, WRITE_KEY.length() - 1) + "g";
        List<String[]> c = new ArrayList<>();
        c.add(new String[] {"none"});
        c.add(new String[] {"wrong", "Authorization", "Bearer not-a-key-0123456789abcdef"});
        c.add(new String[] {"one character off", "X-API-Key", oneOff});
        c.add(new String[] {"query string", null, WRITE_KEY});
        if (readKey != null) {
            c.add(new String[] {"read key", "Authorization", "Bearer " + readKey});
        }
        return c;
    }

    static HttpResponse<String> send(EndpointServer server, Route route, String path, String query, String[] credential,
                                     String body) throws Exception {
        String q = query;
        if (credential.length == 3 && credential[1] == null) {
            q = q + (q.isEmpty() ? "?" : "&") + "api_key=" + credential[2] + "&key=" + credential[2] + "&access_token=" + credential[2];
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path + q));
        if (credential.length == 3 && credential[1] != null) {
            b.header(credential[1], credential[2]);
        }
        String type = route.consumes().isEmpty() || route.consumes().get(0).isWildcardType() ? "text/turtle"
                : route.consumes().get(0).toString();
        b.header("Content-Type", type);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return HTTP.send(b.method(route.method(), publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A body that, if it ran, would erase or change the store. */
    static String destructiveBody(Route route) {
        if (route.method().equals("DELETE")) {
            return null; // Grizzly refuses a DELETE with a body (400) before any resource sees it
        }
        String type = route.consumes().isEmpty() ? "" : route.consumes().get(0).toString();
        if (type.equals("application/sparql-update")) {
            return "DROP ALL";
        }
        if (type.equals(MediaType.APPLICATION_FORM_URLENCODED)) {
            return "update=DROP%20ALL&query=ASK%7B%7D";
        }
        return "<https://example.org/intruder> <https://example.org/p> \"x\" .";
    }

    static String destructiveQuery(Route route) {
        // ?default: a PUT replaces, a DELETE empties, the default graph that holds the data
        return route.path().equals("/data") ? "?default" : "";
    }

    @Test
    void theModelListsEveryKnownRouteAndOnlyQueriesReadWithPost() {
        List<Route> routes = routes();
        List<String> names = routes.stream().map(Route::toString).toList();
        for (String expected : List.of("POST /update", "PUT /data", "POST /data", "DELETE /data", "GET /data", "GET /sparql",
                "POST /sparql", "GET /health", "GET /", "POST /federated/members/summaries")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        for (Route r : routes) {
            boolean safe = Set.of("GET", "HEAD", "OPTIONS").contains(r.method()) || READING_POSTS.contains(r.toString())
                    || PREDICTING.contains(r.handler().getDeclaringClass());
            if (!safe) {
                assertEquals(Access.Level.WRITE, r.level(), r + " changes state and must need a write key");
            }
        }
    }

    @Test
    void noWriteRouteChangesTheStoreWithoutAWriteKeyWhateverThePathSpelling() throws Exception {
        long size = store.size();
        int tried = 0;
        for (Route route : routes()) {
            if (route.level() != Access.Level.WRITE) {
                continue;
            }
            String path = concrete(route.path());
            for (EndpointServer server : List.of(writable, readOnly, closed)) {
                for (String spelling : spellings(path)) {
                    for (String[] credential : wrongCredentials(server == closed ? READ_KEY : null)) {
                        HttpResponse<String> r = send(server, route, spelling, destructiveQuery(route), credential, destructiveBody(route));
                        String what = route + " as " + route.method() + " " + spelling + " with " + credential[0];
                        assertTrue(Set.of(401, 403, 404, 405).contains(r.statusCode()), what + ": " + r.statusCode() + " " + r.body());
                        assertFalse(r.body().isBlank(), what + " answers with a reason");
                        assertEquals(size, store.size(), what + " changed the store");
                        tried++;
                    }
                }
            }
        }
        assertTrue(tried > 300, "tried " + tried);
        assertTrue(hasIntruder() == false, "no request wrote");
    }

    @Test
    void aWriteKeyOnTheCanonicalPathStillWrites() throws Exception {
        Route update = routes().stream().filter(r -> r.toString().equals("POST /update")
                && r.consumes().get(0).toString().equals("application/sparql-update")).findFirst().orElseThrow();
        HttpResponse<String> r = send(writable, update, "/update", "", new String[] {"key", "Authorization", "Bearer " + WRITE_KEY},
                "INSERT DATA { GRAPH <https://example.org/scratch> { <https://example.org/a> <https://example.org/p> 1 } }");
        assertEquals(204, r.statusCode(), r.body());
        Route put = routes().stream().filter(x -> x.toString().equals("PUT /data")).findFirst().orElseThrow();
        r = send(writable, put, "/data", "?graph=https://example.org/scratch", new String[] {"key", "X-API-Key", WRITE_KEY},
                "<https://example.org/b> <https://example.org/p> 2 .");
        assertEquals(204, r.statusCode(), r.body());
        Route delete = routes().stream().filter(x -> x.toString().equals("DELETE /data")).findFirst().orElseThrow();
        r = send(writable, delete, "/data", "?graph=https://example.org/scratch", new String[] {"key", "X-API-Key", WRITE_KEY}, null);
        assertEquals(204, r.statusCode(), r.body());
    }

    @Test
    void withReadKeysNoReadRouteAnswersWithoutOne() throws Exception {
        int tried = 0;
        for (Route route : routes()) {
            if (route.level() != Access.Level.READ || route.method().equals("OPTIONS")) {
                continue;
            }
            String path = concrete(route.path());
            String query = route.path().equals("/data") ? "?default" : route.path().endsWith("sparql") ? "?query=SELECT%20*%7B?s%20?p%20?o%7D" : "";
            String body = route.method().equals("POST") ? (!route.consumes().isEmpty()
                    && route.consumes().get(0).toString().equals(MediaType.APPLICATION_FORM_URLENCODED)
                    ? "query=SELECT%20*%7B?s%20?p%20?o%7D" : "SELECT * { ?s ?p ?o }") : null;
            for (String spelling : spellings(path)) {
                for (String[] credential : wrongCredentials(null)) {
                    HttpResponse<String> r = send(closed, route, spelling, query, credential, body);
                    String what = route + " as " + spelling + " with " + credential[0];
                    assertTrue(Set.of(401, 404, 405).contains(r.statusCode()), what + ": " + r.statusCode());
                    assertFalse(r.body().contains("example.org/rome"), what + " leaked data");
                    tried++;
                }
            }
            HttpResponse<String> allowed = send(closed, route, path, query, new String[] {"read key", "X-API-Key", READ_KEY}, body);
            assertFalse(Set.of(401, 403).contains(allowed.statusCode()), route + " with the read key: " + allowed.statusCode());
        }
        assertTrue(tried > 100, "tried " + tried);
    }

    @Test
    void onlyThePageAndItsBundledAssetsArePublicAndTheyAnswerWithoutAKey() throws Exception {
        List<String> open = routes().stream().filter(r -> r.level() == Access.Level.PUBLIC).map(Route::toString).sorted().toList();
        assertEquals(List.of("GET /", "GET /assets/{name}", "GET /queries", "GET /webjars/{path: .+}"), open);
        for (String path : List.of("/", "/assets/floe.js", "/queries", "/webjars/leaflet/1.9.4/dist/leaflet.js")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(closed.baseUri().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path + " without a key on a server with read keys");
            assertFalse(r.body().contains("example.org/rome"), path + " leaked data");
        }
    }

    private static boolean hasIntruder() {
        return org.apache.jena.system.Txn.calculateRead(store.dataset(), () -> store.dataset().asDatasetGraph()
                .find(org.apache.jena.graph.Node.ANY, org.apache.jena.graph.NodeFactory.createURI("https://example.org/intruder"),
                        org.apache.jena.graph.Node.ANY, org.apache.jena.graph.Node.ANY).hasNext());
    }
}
