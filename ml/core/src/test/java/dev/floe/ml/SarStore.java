package dev.floe.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.floe.ml.sar.SarTestData;
import dev.floe.store.GeoStore;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/** Test fixture: SAR patch records written in the train.json format, triplified (.npy sidecars) and loaded into TDB2. */
public final class SarStore {

    public static final Path SAR_QUERY = Path.of("..", "..", "queries", "training", "sar-ship-iceberg.rq");

    private SarStore() {
    }

    /**
     * 30 icebergs (s0000.. and berg0000.., even numbers) and 10 ships (ship0001.., odd numbers) of side x side
     * pixels, every fifth angle "na", in a store under {@code dir/store}.
     */
    public static GeoStore create(Path dir, int side) throws IOException {
        List<String> records = new ArrayList<>();
        SarTestData.records(20, side, 3).stream().filter(r -> r.contains("\"is_iceberg\": 1")).forEach(records::add);
        SarTestData.records(40, side, 5).stream().filter(r -> r.contains("\"is_iceberg\": 1"))
                .map(r -> r.replace("\"id\": \"s", "\"id\": \"berg")).forEach(records::add);
        SarTestData.records(20, side, 4).stream().filter(r -> r.contains("\"is_iceberg\": 0"))
                .map(r -> r.replace("\"id\": \"s", "\"id\": \"ship")).forEach(records::add);
        assertEquals(40, records.size());
        Path json = SarTestData.writeArray(dir.resolve("patches.json"), records);
        Path nt = dir.resolve("patches.nt");
        new Triplifier(TriplifyOptions.defaults()).triplify(json, nt);
        GeoStore store = GeoStore.open(dir.resolve("store"));
        store.load(List.of(nt));
        return store;
    }
}
