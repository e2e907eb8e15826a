package dev.floe.ml.api;

import java.util.List;

/**
 * What a client needs to call one model version: its model and number, the aliases that point at it, the platform
 * that runs it, its signature and its class labels (in the order of the probabilities output).
 */
public record ModelVersionInfo(String model, long version, List<String> aliases, String platform, ModelSignature signature,
                               List<String> classes) {

    public ModelVersionInfo {
        aliases = List.copyOf(aliases);
        classes = List.copyOf(classes);
    }
}
