package dev.floe.federation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A federation member for tests: a SPARQL endpoint on loopback answering SELECT and ASK queries over a Turtle
 * string with Jena, each request on its own thread, until told by {@link #replyWith} to answer otherwise.
 */
final class LoopbackMember implements AutoCloseable {

    /** How the member answers one query: the HTTP status to send, 200 for the query's answer. May block. */
    @FunctionalInterface
    interface Reply {
        int status(String query) throws Exception;
    }

    private final Dataset data;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-member");
        t.setDaemon(true);
        return t;
    });
    private volatile Reply reply = query -> 200;

    LoopbackMember(String turtle) throws IOException {
        Model model = ModelFactory.createDefaultModel();
        RDFParser.fromString(turtle, Lang.TURTLE).parse(model);
        this.data = DatasetFactory.create(model);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/sparql", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sparql");
    }

    /** From now on, answers as {@code r} says. */
    void replyWith(Reply r) {
        this.reply = r;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = query(exchange);
            int status;
            try {
                status = reply.status(query);
            } catch (Exception e) {
                status = 500;
            }
            if (status != 200) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/sparql-results+xml");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody();
                 QueryExecution execution = QueryExecution.dataset(data).query(query).build()) {
                if (execution.getQuery().isAskType()) {
                    ResultSetFormatter.outputAsXML(out, execution.execAsk());
                } else {
                    ResultSetFormatter.outputAsXML(out, execution.execSelect());
                }
            }
        }
    }

    /** The query of a SPARQL protocol request: GET or POST, form-encoded or direct. */
    private static String query(HttpExchange exchange) throws IOException {
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (contentType.startsWith("application/sparql-query")) {
            return body;
        }
        String form = "GET".equals(exchange.getRequestMethod()) ? exchange.getRequestURI().getRawQuery() : body;
        for (String pair : String.valueOf(form).split("&")) {
            if (pair.startsWith("query=")) {
                return URLDecoder.decode(pair.substring("query=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
