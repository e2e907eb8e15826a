package dev.floe.ml.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A step that waits for something to appear, poking every {@code poke_interval} until it does or until its own
 * {@code timeout} (Airflow's sensor parameters and defaults: 60 s, 7 days). A sensor that times out fails without
 * retries, as Airflow's does, or with {@code soft_fail: true} is skipped. What it watches counts as its output, so
 * steps reading it depend on it.
 */
public interface SensorKind extends StepKind {

    /** The parameter naming what the sensor watches (a file, a catalog folder). */
    String watchedParameter();

    /** One look: whether it fired, and the memory to keep for the next run once it has (e.g. the items it saw). */
    Poke poke(Path watched, Set<String> memory) throws IOException;

    /** What one look found. */
    record Poke(boolean fired, Set<String> memory) {
        public Poke {
            memory = Set.copyOf(memory);
        }
    }

    /** Airflow's default poke interval. */
    Duration DEFAULT_POKE_INTERVAL = Duration.ofSeconds(60);
    /** Airflow's default sensor timeout. */
    Duration DEFAULT_TIMEOUT = Duration.ofDays(7);
    /** The parameter of the poke interval. */
    String POKE_INTERVAL = "poke_interval";
    /** The parameter of the sensor's timeout. */
    String TIMEOUT = "timeout";
    /** The parameter that makes a timeout skip the sensor (and, by their trigger rules, its downstream steps). */
    String SOFT_FAIL = "soft_fail";
}
