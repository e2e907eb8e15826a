package dev.floe.ml.registry;

/**
 * One entry of a model's alias history: the alias moved from one version to another ({@code from} null when the alias
 * is new, {@code to} null when it was removed), by whom and when (ISO-8601 instant).
 */
public record AliasChange(String iri, String model, String alias, Long from, Long to, String by, String at) {
}
