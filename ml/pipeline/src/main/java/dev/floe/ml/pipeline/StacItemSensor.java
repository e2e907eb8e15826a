package dev.floe.ml.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Waits until a STAC catalog folder holds an item that was not there when this sensor last fired (on its first run:
 * any item): {@code kind: stac_sensor, with: {catalog: ..., poke_interval: 5m}}. Items are the JSON files under the
 * folder whose {@code type} is {@code Feature} and that carry a {@code stac_version}; they are known by their id.
 */
public final class StacItemSensor implements SensorKind {

    /** The kind's name in the pipeline file. */
    public static final String NAME = "stac_sensor";

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameters() {
        return Set.of("catalog", POKE_INTERVAL, TIMEOUT, SOFT_FAIL);
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of("catalog");
    }

    @Override
    public String watchedParameter() {
        return "catalog";
    }

    @Override
    public Poke poke(Path catalog, Set<String> memory) throws IOException {
        Set<String> items = items(catalog);
        Set<String> added = new HashSet<>(items);
        added.removeAll(memory);
        return new Poke(!added.isEmpty(), items);
    }

    /** The ids of the items under {@code catalog} (none when it does not exist yet). */
    Set<String> items(Path catalog) throws IOException {
        Set<String> ids = new TreeSet<>();
        if (!Files.isDirectory(catalog)) {
            return ids;
        }
        try (Stream<Path> files = Files.walk(catalog)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                JsonNode node;
                try {
                    node = json.readTree(file.toFile());
                } catch (IOException e) {
                    continue; // a file still being written: the next poke reads it
                }
                if (node != null && "Feature".equals(node.path("type").asText()) && node.has("stac_version")
                        && node.hasNonNull("id")) {
                    ids.add(node.get("id").asText());
                }
            }
        }
        return ids;
    }
}
