package dev.floe.ml.registry;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One immutable version of a registered model ({@code version.json} in its folder): where it came from (the training
 * run, its training set), what it is (the model family, the raster shape and extra inputs it takes, its class labels in
 * output order), the SHA-256 of its network file, when and by whom it was registered, and its test accuracy when the
 * run measured one. The folder also holds the network ({@code model.zip}) and the input normalisation it was trained
 * with ({@code standardiser.json}), copied from the run, so that serving applies exactly that scaling, and the
 * reference profile of its training data ({@code reference-profile.json}) that monitoring compares served requests
 * with, when the run wrote one.
 */
public record ModelVersion(String model, long version, String iri, String runId, String runIri, String trainingSetIri,
                           String architecture, int channels, int height, int width, List<String> extras,
                           List<String> classes, String sha256, String registered, String registeredBy,
                           Double testAccuracy, @JsonIgnore Path folder) {

    public static final String FILE = "version.json";
    public static final String NETWORK = "model.zip";
    public static final String STANDARDISER = "standardiser.json";
    public static final String PROFILE = dev.floe.ml.monitoring.ReferenceProfile.FILE;

    public ModelVersion {
        extras = List.copyOf(extras);
        classes = List.copyOf(classes);
    }

    /** The same version, found in {@code folder}. */
    ModelVersion in(Path folder) {
        return new ModelVersion(model, version, iri, runId, runIri, trainingSetIri, architecture, channels, height, width,
                extras, classes, sha256, registered, registeredBy, testAccuracy, folder);
    }
}
