package dev.floe.endpoint.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The curated queries bundled on the classpath under {@value #LOCATION} (copied from queries/ at build time),
 * read from a directory (tests, IDE) or from inside the jar, sorted by file name.
 */
public final class ExampleQueries {

    public static final String LOCATION = "dev/floe/endpoint/queries";

    private ExampleQueries() {
    }

    public static List<ExampleQuery> load() {
        URL url = ExampleQueries.class.getClassLoader().getResource(LOCATION);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                return read(jar.getPath(LOCATION));
            }
            return read(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad classpath URL " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the example queries in " + url, e);
        }
    }

    private static List<ExampleQuery> read(Path dir) throws IOException {
        List<ExampleQuery> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".rq")).sorted().toList()) {
                String name = f.getFileName().toString();
                out.add(ExampleQuery.parse(name.substring(0, name.length() - 3), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }
}
