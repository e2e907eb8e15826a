package dev.floe.store;

import java.util.List;

/**
 * What a load committed.
 *
 * @param files       the files loaded, in order
 * @param quads       triples and quads parsed and added (duplicates of existing data included)
 * @param storeSize   triples and quads in the store after the load
 * @param indexed     geometries in the spatial index after the load
 * @param millis      wall time of parsing, commit and index rebuild
 */
public record LoadSummary(List<String> files, long quads, long storeSize, long indexed, long millis) {

    public LoadSummary {
        files = List.copyOf(files);
    }
}
