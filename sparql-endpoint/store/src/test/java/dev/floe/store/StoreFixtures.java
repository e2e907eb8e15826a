package dev.floe.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The store's test fixtures as files, for this module's tests and for the modules that read them from floe-store's
 * test-jar (the server's): a fixture inside a jar is copied out once per JVM, since a store loads files by path.
 */
public final class StoreFixtures {
    private StoreFixtures() {
    }

    /** Five Natural Earth populated places and a box around Italy (Turtle), the fixture most store and endpoint tests load. */
    public static Path places() {
        return file("places.ttl");
    }

    /**
     * A file of the real public datasets in ../shared/data (see its README), by its path there, e.g. {@code
     * natural-earth/50m/ne_50m_lakes.json}; {@code -Dfloe.shared.data=DIR} points elsewhere. Null where this checkout
     * has none: tests that need it skip. The default path is the one from a module two folders below the repository
     * (sparql-endpoint/store, ml/core: the modules whose tests use this); app/ and geo/ are one folder below.
     */
    public static Path sharedData(String relative) {
        String base = System.getProperty("floe.shared.data");
        Path dir = base == null ? Path.of("..", "..", "..", "shared", "data") : Path.of(base);
        Path p = dir.resolve(relative);
        return Files.isRegularFile(p) ? p : null;
    }

    /** A fixture of {@code src/test/resources/dev/floe/store/} by file name. */
    public static synchronized Path file(String name) {
        URL url = StoreFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no store fixture " + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path copy = Path.of(System.getProperty("java.io.tmpdir"), "floe-store-fixtures-" + ProcessHandle.current().pid(), name);
            if (!Files.exists(copy)) {
                Files.createDirectories(copy.getParent());
                try (InputStream in = url.openStream()) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                copy.toFile().deleteOnExit();
                copy.getParent().toFile().deleteOnExit();
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
