package dev.floe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user meets with {@code floe serve} running in another process, which holds the store's TDB2 lock: the server
 * is the real command in a JVM of its own (this test's class path); {@code query --store} is answered by it, {@code
 * load --store} says how to load through it, the feature store's commands (files the server does not lock) work as
 * ever, a query on a store locked by a process that left no record fails with
 * exit code 1, and a clean stop removes the record.
 */
class ServedByAnotherProcessTest {

    @TempDir
    Path tmp;

    @Test
    void commandsBesideAServeInAnotherProcessGoThroughItOrSayWhatToDo() throws Exception {
        Path store = tmp.resolve("store");
        Path nt = tmp.resolve("rome.nt");
        Files.writeString(nt, "<https://example.org/rome> <http://www.w3.org/2000/01/rdf-schema#label> \"Rome\" .\n");
        assertEquals(0, CommandLineTest.floe("load", "--store", store.toString(), nt.toString(), "--quiet").exit());
        String query = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }";
        String local = CommandLineTest.floe("query", "--store", store.toString(), "--format", "csv", query).out();
        assertEquals("label\r\nRome\r\n", local);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Floe.class.getName(), "serve",
                "--store", store.toString(), "--port", "0", "--quiet")).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder log = new StringBuilder();
            URI base = null;
            for (String line; (line = out.readLine()) != null && !line.startsWith("Press Ctrl-C"); ) {
                log.append(line).append('\n');
                if (line.trim().startsWith("Analyst page: ")) {
                    base = URI.create(line.trim().substring("Analyst page: ".length()).trim());
                }
            }
            assertNotNull(base, "serve printed no URL:\n" + log);
            Path record = store.resolve(ServerRecord.FILE);
            assertTrue(Files.exists(record), "serve wrote no " + record);
            assertFalse(Files.readString(record).contains("key"), Files.readString(record));
            assertFalse(Files.exists(store.resolve("models").resolve("predictions.log")),
                    "a store with no models gets no prediction log: it is created by the first asynchronous recording");

            CommandLineTest.Run beside = CommandLineTest.floe("query", "--store", store.toString(), "--format", "csv", query);
            assertEquals(0, beside.exit(), beside.err());
            assertEquals(local, beside.out());

            CommandLineTest.Run load = CommandLineTest.floe("load", "--store", store.toString(), nt.toString());
            assertEquals(1, load.exit());
            assertEquals("floe: " + store + ": the store is in use by a floe server (pid " + serve.pid() + ") at " + base
                    + "; it accepts no writes (it was started without --api-keys): restart it with --api-keys FILE and run floe load "
                    + "--endpoint " + base + " --api-key KEY " + nt + ", or stop it and run this again\n", load.err());

            // the feature store is files under STORE/features/, which the server does not lock: all of it works beside it
            assertEquals(0, CommandLineTest.floe("features", "create", "--store", store.toString(), "--name", "cities", "--schema",
                    "id:int,name:string", "--primary-key", "id").exit());
            Path csv = Files.writeString(tmp.resolve("cities.csv"), "id,name\n1,Rome\n");
            CommandLineTest.Run inserted = CommandLineTest.floe("features", "insert", "--store", store.toString(), "--name", "cities",
                    "--input", csv.toString());
            assertEquals(0, inserted.exit(), inserted.err());
            assertEquals("id,name\n1,Rome\n", CommandLineTest.floe("features", "read", "--store", store.toString(), "--name", "cities").out());

            // without the record, the store's lock is all a command meets: it fails, and says so with exit code 1
            Files.move(record, tmp.resolve("server.json.aside"));
            CommandLineTest.Run locked = CommandLineTest.floe("query", "--store", store.toString(), query);
            assertEquals(1, locked.exit(), locked.err());
            assertTrue(locked.err().contains("cannot open the TDB2 dataset (is another floe process using it?)"), locked.err());
            assertEquals("", locked.out());
            Process main = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Floe.class.getName(), "query",
                    "--store", store.toString(), query)).redirectErrorStream(true).start();
            String said = new String(main.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(main.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, main.exitValue(), "floe query (its main) on a locked store: " + said);
            Files.move(tmp.resolve("server.json.aside"), record);

            serve.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the server cleanly
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve did not stop");
            assertFalse(Files.exists(record), "a clean stop leaves no " + record);
            // and the store is the command's own again
            assertEquals(local, CommandLineTest.floe("query", "--store", store.toString(), "--format", "csv", query).out());
        } finally {
            serve.destroyForcibly();
        }
    }
}
