package dev.floe.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.store.LoadSummary;
import dev.floe.store.sparql.RemoteEndpoint;

/**
 * Adds RDF files to the store a running floe server holds, through its Graph Store endpoint ({@code POST /data}): one
 * request, and so one transaction of the server's, per file, in the order given; the server keeps its spatial index
 * current as for any write. Each file goes as its syntax (from its name; a {@code .gz} file is decompressed here and
 * checked whole before it is sent, so a corrupt one never reaches the server): a triples file into the default graph or
 * the named {@code graph}, a quads file (N-Quads, TriG) into its own graphs. The first refused file stops the load and
 * the message names it and the files already added before it.
 */
final class ServerUpload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private final URI data;
    private final URI base;
    private final ServerAccess access;
    private final String graph;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT).build();

    /** Uploads to the server at {@code server} (its base URL; a URL ending in /sparql or /data is taken to its base). */
    ServerUpload(URI server, ServerAccess access, String graph) {
        this.base = base(server);
        this.data = base.resolve("data");
        this.access = access;
        this.graph = graph;
    }

    /** The base URL of the server a URL names: its analyst page, ending in {@code /}. */
    static URI base(URI server) {
        String s = server.toString();
        for (String route : List.of("sparql", "data")) {
            if (s.endsWith("/" + route)) {
                s = s.substring(0, s.length() - route.length());
            }
        }
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** Sends every file, in order; returns what was added and the store after the last. */
    LoadSummary load(List<Path> files) {
        List<Lang> langs = new ArrayList<>();
        for (Path f : files) {
            langs.add(checked(f));
        }
        long start = System.nanoTime();
        List<String> added = new ArrayList<>();
        long quads = 0;
        JsonNode last = null;
        for (int i = 0; i < files.size(); i++) {
            last = send(files.get(i), langs.get(i), added);
            quads += last.path("count").asLong();
            added.add(files.get(i).toString());
        }
        return new LoadSummary(added, quads, last.path("storeSize").asLong(), last.path("indexed").asLong(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The syntax of {@code f}, after checking that it can be sent: it exists, its name tells its syntax, a gzip file is whole. */
    private Lang checked(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new LoadFailedException(f + ": no such file");
        }
        String name = f.getFileName().toString();
        boolean gz = gzipped(f);
        Lang lang = RDFLanguages.filenameToLang(gz ? name.substring(0, name.length() - 3) : name);
        if (lang == null || !RDFLanguages.isTriples(lang) && !RDFLanguages.isQuads(lang)) {
            throw new LoadFailedException(f + ": cannot tell the RDF syntax from the name (use e.g. .nt, .ttl, .nq, .trig, .rdf, "
                    + ".jsonld, optionally with .gz)");
        }
        if (graph != null && !RDFLanguages.isTriples(lang)) {
            throw new UsageException("--graph " + graph + ": " + f + " holds quads, which keep their own graphs; leave --graph out");
        }
        if (gz) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f), 1 << 16)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.EOFException e) {
                throw new LoadFailedException(f + ": empty or truncated gzip file (nothing was loaded)");
            } catch (ZipException e) {
                throw new LoadFailedException(f + ": " + ("Not in GZIP format".equals(e.getMessage()) ? "not a gzip file" : "corrupt gzip file")
                        + " (" + e.getMessage() + "; nothing was loaded)");
            } catch (IOException e) {
                throw new LoadFailedException(f + ": cannot read: " + e.getMessage() + " (nothing was loaded)");
            }
        }
        return lang;
    }

    /** Sends one file in one request; returns the server's counts. */
    private JsonNode send(Path f, Lang lang, List<String> before) {
        boolean quads = !RDFLanguages.isTriples(lang);
        URI target = quads ? data : URI.create(data + (graph == null ? "?default"
                : "?graph=" + URLEncoder.encode(graph, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .header("Content-Type", lang.getContentType().getContentTypeStr())
                .header("User-Agent", RemoteEndpoint.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> open(f)));
        if (access.key() != null) {
            request.header("Authorization", "Bearer " + access.key());
        }
        String kept = before.isEmpty() ? "" : "; added before it: " + String.join(", ", before);
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new LoadFailedException(base + ": cannot connect (is the server running?); nothing of " + f + " was added" + kept);
        } catch (IOException e) {
            throw new LoadFailedException(base + ": " + f + ": the request failed (" + e.getMessage() + "); nothing of it was added" + kept);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailedException(f + ": interrupted; nothing of it was added" + kept);
        }
        int status = answer.statusCode();
        if (status == 200) {
            try {
                return JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new LoadFailedException(base + " answered " + f + " with something other than floe's counts: is it a floe server?");
            }
        }
        String said = answer.body() == null ? "" : answer.body().strip();
        if (status == 401 || status == 403) {
            throw new LoadFailedException(access.refusal(base, status, "HTTP " + status + (said.isEmpty() ? "" : ": " + said))
                    + "; nothing of " + f + " was added" + kept);
        }
        if (status == 413) {
            throw new LoadFailedException(f + ": larger than the server at " + base + " takes in one request (its --max-request-bytes); "
                    + "split the file, or stop the server and load it with --store; nothing of it was added" + kept);
        }
        if (status == 404) {
            // a POST adds to any graph, so a floe server never answers it 404: there is no Graph Store endpoint there
            throw new LoadFailedException(base + ": no Graph Store endpoint at " + data + " (is it a floe server?); nothing of " + f
                    + " was added" + kept);
        }
        throw new LoadFailedException(f + ": the server at " + base + " refused it (HTTP " + status + (said.isEmpty() ? "" : ": " + said)
                + ")" + kept);
    }

    private static InputStream open(Path f) {
        try {
            InputStream in = Files.newInputStream(f);
            return gzipped(f) ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean gzipped(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** A file could not be added through the server: the message names the file, the server and what was added before. */
    static final class LoadFailedException extends dev.floe.geo.FloeException {
        private static final long serialVersionUID = 1L;

        LoadFailedException(String message) {
            super(message);
        }
    }
}
