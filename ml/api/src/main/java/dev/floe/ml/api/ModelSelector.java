package dev.floe.ml.api;

/**
 * Which version of a model a request means: a version number, an alias (TF Serving calls it a label, e.g.
 * {@code champion}), or neither, which means the model's default: its {@code champion} alias when it has one,
 * else its latest version.
 */
public record ModelSelector(String model, Long version, String alias) {

    public ModelSelector {
        if (model == null || model.isBlank()) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "no model named");
        }
        if (version != null && alias != null) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "name a version or a label, not both");
        }
    }

    /** The model's default version. */
    public static ModelSelector of(String model) {
        return new ModelSelector(model, null, null);
    }

    public static ModelSelector version(String model, long version) {
        return new ModelSelector(model, version, null);
    }

    public static ModelSelector alias(String model, String alias) {
        return new ModelSelector(model, null, alias);
    }

    @Override
    public String toString() {
        return model + (version != null ? " version " + version : alias != null ? " label " + alias : "");
    }
}
