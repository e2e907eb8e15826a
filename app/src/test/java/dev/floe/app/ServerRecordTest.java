package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.store.GeoStore;

class ServerRecordTest {

    @TempDir
    Path store;

    @Test
    void aRecordOfAnAnsweringServerIsLiveAndReadsBackAsWritten() throws Exception {
        try (GeoStore geoStore = GeoStore.open(store); EndpointServer server = EndpointServer.start(geoStore, EndpointConfig.loopback(0))) {
            ServerRecord record = ServerRecord.ofThisProcess(server.baseUri(), false, true);
            record.write(store);
            assertEquals(Optional.of(record), ServerRecord.read(store));
            assertEquals(Optional.of(record), ServerRecord.live(store));
            assertEquals(server.sparqlUri(), record.sparql());
        }
    }

    @Test
    void aRecordWhoseUrlDoesNotAnswerOrWhoseProcessIsGoneIsStale() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServerRecord.ofThisProcess(URI.create("http://127.0.0.1:" + closedPort + "/"), false, false).write(store);
        assertEquals(Optional.empty(), ServerRecord.live(store));

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (GeoStore geoStore = GeoStore.open(store); EndpointServer server = EndpointServer.start(geoStore, EndpointConfig.loopback(0))) {
            new ServerRecord(server.baseUri(), gone.pid(), Instant.now(), false, false).write(store);
            assertEquals(Optional.empty(), ServerRecord.live(store), "the URL answers, but not for the recorded process");
        }
        Files.writeString(store.resolve(ServerRecord.FILE), "{ half");
        assertEquals(Optional.empty(), ServerRecord.live(store));
    }

    @Test
    void removeLeavesTheRecordOfAnotherServer() throws Exception {
        ServerRecord mine = ServerRecord.ofThisProcess(URI.create("http://127.0.0.1:1/"), false, false);
        ServerRecord later = ServerRecord.ofThisProcess(URI.create("http://127.0.0.1:2/"), false, false);
        later.write(store);
        mine.remove(store);
        assertTrue(Files.exists(store.resolve(ServerRecord.FILE)));
        later.remove(store);
        assertFalse(Files.exists(store.resolve(ServerRecord.FILE)));
    }
}
