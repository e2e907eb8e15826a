package dev.floe.ml.api;

/**
 * An alias (a TF Serving label, e.g. {@code champion}) moved by a request: the version it pointed at before ({@code
 * from}, null when new) and after ({@code to}, null when removed); both null when nothing changed.
 */
public record AliasUpdate(String model, String alias, Long from, Long to, boolean changed) {
}
