package dev.floe.ml.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.ml.MlDataException;

/**
 * Reads expectations from a JSON array such as
 * {@code [{"rule": "HAS_MIN", "feature": "hh_mean", "min": -50, "level": "ERROR"},
 * {"rule": "IS_CONTAINED_IN", "feature": "label", "legalValues": ["ship", "iceberg"]}]}.
 */
public final class ExpectationsFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ExpectationsFile() {
    }

    public static List<Expectation> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Expectation>>() { });
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new MlDataException(file + ": not a list of expectations: " + cause.getMessage(), e);
        }
    }
}
