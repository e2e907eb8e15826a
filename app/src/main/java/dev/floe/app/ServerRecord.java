package dev.floe.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.geo.AtomicFiles;

/**
 * Where a running {@code floe serve} (or {@code floe demo}) of a store listens: {@code STORE/server.json}, written
 * atomically once the server answers and removed when it stops cleanly, so that commands run beside it can reach it
 * instead of failing on the store's lock. It holds no secrets: the base URL, the process id, the start time and
 * whether reads need a key and writes are accepted at all. A record whose process is gone, or whose URL does not
 * answer, is stale: {@link #live} ignores it and the next server replaces it.
 *
 * @param base          the server's base URL (its analyst page), ending in {@code /}
 * @param pid           the serving process
 * @param started       when it started serving
 * @param readKeys      whether reads need an API key
 * @param writes        whether the server accepts writes at all (it was given write keys)
 */
record ServerRecord(URI base, long pid, Instant started, boolean readKeys, boolean writes) {

    /** The record's file name in the store directory. */
    static final String FILE = "server.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** The record of this process serving at {@code base}, from now. */
    static ServerRecord ofThisProcess(URI base, boolean readKeys, boolean writes) {
        return new ServerRecord(base, ProcessHandle.current().pid(), Instant.now(), readKeys, writes);
    }

    /** The server's SPARQL endpoint. */
    URI sparql() {
        return base.resolve("sparql");
    }

    /** How a message names the server: its URL and process. */
    String describe() {
        return "a floe server (pid " + pid + ") at " + base;
    }

    /** Writes this record as {@code store}'s, replacing any older one in one rename. */
    void write(Path store) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("url", base.toString());
        json.put("pid", pid);
        json.put("started", started.toString());
        json.put("readKeys", readKeys);
        json.put("writes", writes);
        AtomicFiles.write(store.resolve(FILE), out -> {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out, json);
            return null;
        });
    }

    /** Removes {@code store}'s record if it is still this one (a later server may have replaced it). */
    void remove(Path store) {
        try {
            if (read(store).filter(this::equals).isPresent()) {
                Files.deleteIfExists(store.resolve(FILE));
            }
        } catch (IOException e) {
            // the record is advisory: a stale one is recognised as such by the next reader
        }
    }

    /**
     * The record of the server that is serving {@code store} now: present when the file names a process that runs and
     * a URL whose {@code /health} answers; empty when there is no record or it is stale.
     */
    static Optional<ServerRecord> live(Path store) {
        Optional<ServerRecord> record;
        try {
            record = read(store);
        } catch (IOException e) {
            return Optional.empty();
        }
        return record.filter(r -> ProcessHandle.of(r.pid).map(ProcessHandle::isAlive).orElse(false) && r.answers());
    }

    /** The record in {@code store}, stale or not; empty when there is none or it does not parse (a stale one). */
    static Optional<ServerRecord> read(Path store) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(store.resolve(FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(bytes);
            return Optional.of(new ServerRecord(URI.create(json.path("url").asText()), json.path("pid").asLong(),
                    Instant.parse(json.path("started").asText()), json.path("readKeys").asBoolean(),
                    json.path("writes").asBoolean()));
        } catch (JsonProcessingException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether anything answers HTTP at the record's {@code /health} (any status: a server needing a key answers 401). */
    private boolean answers() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(PROBE_TIMEOUT).build();
        try {
            http.send(HttpRequest.newBuilder(base.resolve("health")).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
