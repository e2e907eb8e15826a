package dev.floe.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster with PostGIS for a benchmark: initdb in a new directory, started by pg_ctl on a free
 * loopback port (no Unix socket outside the directory), stopped and deleted by {@link #close()}. Uses Debian's
 * packages (postgresql, postgresql-15-postgis-3); as root, the server runs as the {@code postgres} user, since
 * PostgreSQL refuses to run as root.
 */
final class PostgisCluster implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgres;

    private PostgisCluster(Path dir, Path bin, int port, boolean asPostgres) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The newest installed PostgreSQL's binaries, or null where none is installed. */
    static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max((a, b) -> Integer.compare(version(a), version(b))).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Creates and starts a cluster; its database {@code bench} has the postgis extension. */
    static PostgisCluster start() throws IOException, InterruptedException, SQLException {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL is not installed: apt-get install postgresql postgresql-15-postgis-3");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        // outside JUnit's private temp dir: as root, the postgres user must reach the cluster's directory
        Path dir = Files.createTempDirectory("floe-bench-pg");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgisCluster c = new PostgisCluster(dir, bin, port, root);
        c.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "--auth=trust",
                "-U", "bench", "--encoding=UTF8"));
        c.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                dir.resolve("server.log").toString(), "-o",
                // durable commits as floe's (fsync on); no parallel workers: the machine's cores are shared with the other systems
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                        + " -c shared_buffers=512MB -c work_mem=64MB -c max_parallel_workers_per_gather=0",
                "start"));
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "bench", "")) {
            admin.createStatement().execute("CREATE DATABASE bench");
        }
        try (Connection db = c.connect()) {
            db.createStatement().execute("CREATE EXTENSION postgis");
        }
        return c;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/bench", "bench", "");
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(dir.resolve("commands.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("commands.log")));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-m", "fast", "stop"));
        dev.floe.ml.Folders.deleteQuietly(dir);
    }
}
