package dev.floe.endpoint.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a resource method does to the store, and so which key it needs. {@link AccessFilter} reads it from the
 * method that Jersey matched, so every spelling of a path that reaches the method is judged the same way. A
 * method (or class) without it is treated as a write: access is denied by default.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Access {

    Level value();

    /** The kinds of access; a write key may also read. */
    enum Level {
        /**
         * Serves only what is bundled in the jar and reveals nothing of the store (the analyst page, its scripts and
         * curated queries): open even when read keys are configured, so that a browser, which cannot send a key with
         * a page load, gets the page that then sends the analyst's key with each query.
         */
        PUBLIC,
        /** Changes nothing: open, or closed by read keys when the server has them. */
        READ,
        /** Changes data or server state, or makes the server do work on others' behalf: needs a write key. */
        WRITE
    }
}
