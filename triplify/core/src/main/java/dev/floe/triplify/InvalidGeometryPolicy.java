package dev.floe.triplify;

/**
 * What to do with a geometry that is well-formed but not valid in the OGC Simple Features sense
 * (self-intersecting rings, wrong nesting, ...). Every repair and skip is counted and reported.
 */
public enum InvalidGeometryPolicy {
    /** Replace it with JTS's GeometryFixer result and keep the record. */
    REPAIR,
    /** Leave the whole record out, and report it. */
    SKIP,
    /** Stop with an error naming the record. */
    FAIL
}
