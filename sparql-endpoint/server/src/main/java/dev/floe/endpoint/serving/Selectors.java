package dev.floe.endpoint.serving;

import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ServingException;

/** Model selectors from URL segments, shared by both protocols. */
final class Selectors {

    /** The output that classification reads: the probability of each class, in the order of the model's classes. */
    static final String PROBABILITIES = "probabilities";

    private Selectors() {
    }

    /** The selector for {@code version} of {@code model}; a version is a whole number. */
    static ModelSelector version(String model, String version) {
        try {
            return ModelSelector.version(model, Long.parseLong(version));
        } catch (NumberFormatException e) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "model versions are whole numbers, not "
                    + version);
        }
    }
}
