package dev.floe.store.spark;

import org.apache.spark.sql.SparkSession;

/** The local[2] session the tests of one class share: loopback only, no UI, few shuffle partitions, Sedona's Kryo. */
final class LocalSpark {

    private LocalSpark() {
    }

    static SparkSession start(String name) {
        return SparkSession.builder().master("local[2]").appName(name)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.apache.sedona.core.serde.SedonaKryoRegistrator")
                .getOrCreate();
    }
}
