package dev.floe.store.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * One committed version of a Spark store: for each predicate IRI, the folders (relative to the store) that hold
 * its table, and how many triples the store holds. A load writes its files first and commits by writing
 * {@code manifests/vNNNNNNNN.json} (to a hidden temporary name, then renamed); readers take the highest version, so
 * files of a load that failed before its rename are never read. The rename is atomic on HDFS and local file
 * systems; on an object store without atomic rename (S3A) two loads at the same time must be prevented by the caller.
 * Immutable.
 *
 * @param version   the version, 1 for the first load; 0 is the empty store
 * @param triples   the triples in all versions up to this one
 * @param tables    predicate IRI to its folders, in load order
 * @param relations relation property IRI to its precomputed table ({@link PrecomputedRelation}), kept across loads:
 *                  whether one still answers is decided where it is used, against the geometry tables it was made of
 */
public record StoreManifest(long version, long triples, Map<String, List<String>> tables,
                            Map<String, PrecomputedRelation> relations) {

    /**
     * A GeoSPARQL relation between the store's spatial objects computed once and stored ({@code floe spark links}):
     * the folder of its (a, b) table and the folders of the geometry tables (geo:hasDefaultGeometry, geo:asWKT) it
     * was computed from. It answers the relation only while those tables are the same.
     */
    public record PrecomputedRelation(String dir, Map<String, List<String>> madeFrom) {
        public PrecomputedRelation {
            Map<String, List<String>> copy = new TreeMap<>();
            madeFrom.forEach((p, dirs) -> copy.put(p, List.copyOf(dirs)));
            madeFrom = Collections.unmodifiableMap(copy);
        }
    }

    static final String DIR = "manifests";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public StoreManifest {
        Map<String, List<String>> copy = new TreeMap<>();
        tables.forEach((p, dirs) -> copy.put(p, List.copyOf(dirs)));
        tables = Collections.unmodifiableMap(copy);
        relations = Collections.unmodifiableMap(new TreeMap<>(relations));
    }

    /** The store before its first load. */
    public static StoreManifest empty() {
        return new StoreManifest(0, 0, Map.of(), Map.of());
    }

    /** This manifest with precomputed relations added (replacing those of the same relations), as the next version. */
    public StoreManifest withRelations(Map<String, PrecomputedRelation> added) {
        Map<String, PrecomputedRelation> r = new TreeMap<>(relations);
        r.putAll(added);
        return new StoreManifest(version + 1, triples, tables, r);
    }

    /** This manifest with a load's tables appended, as the next version. */
    public StoreManifest next(long addedTriples, Map<String, String> addedTables) {
        Map<String, List<String>> t = new TreeMap<>();
        tables.forEach((p, dirs) -> t.put(p, new ArrayList<>(dirs)));
        addedTables.forEach((p, dir) -> t.computeIfAbsent(p, k -> new ArrayList<>()).add(dir));
        return new StoreManifest(version + 1, triples + addedTriples, t, relations);
    }

    /** The name of a version's manifest. */
    static String fileName(long version) {
        return String.format("v%08d.json", version);
    }

    /** The newest committed manifest of the store at {@code root}, or the empty one. */
    public static StoreManifest latest(FileSystem fs, Path root) throws IOException {
        Path dir = new Path(root, DIR);
        if (!fs.exists(dir)) {
            return empty();
        }
        Optional<Path> newest = Optional.empty();
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (name.matches("v\\d{8}\\.json") && (newest.isEmpty() || name.compareTo(newest.get().getName()) > 0)) {
                newest = Optional.of(f.getPath());
            }
        }
        if (newest.isEmpty()) {
            return empty();
        }
        try (InputStream in = fs.open(newest.get())) {
            Map<String, Object> m = JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
            Map<String, List<String>> tables = JSON.convertValue(m.get("tables"), new TypeReference<Map<String, List<String>>>() { });
            Map<String, PrecomputedRelation> relations = m.containsKey("relations")
                    ? JSON.convertValue(m.get("relations"), new TypeReference<Map<String, PrecomputedRelation>>() { })
                    : Map.of();
            return new StoreManifest(((Number) m.get("version")).longValue(), ((Number) m.get("triples")).longValue(), tables,
                    relations);
        }
    }

    /** Commits this manifest: written under a hidden name, then renamed to its version's name. */
    void commit(FileSystem fs, Path root) throws IOException {
        Path dir = new Path(root, DIR);
        fs.mkdirs(dir);
        Path tmp = new Path(dir, "." + fileName(version) + ".tmp");
        Path target = new Path(dir, fileName(version));
        try (OutputStream out = fs.create(tmp, true)) {
            JSON.writeValue(out, Map.of("version", version, "triples", triples, "tables", tables, "relations", relations));
        }
        if (fs.exists(target) || !fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("cannot commit version " + version + " of " + root + ": " + target
                    + " exists or the rename failed (another load at the same time?)");
        }
    }
}
