package dev.floe.geo;

/**
 * The GeoSPARQL 1.1 namespaces and the few terms every stage names, as strings: the one place they are spelled.
 * The ontology module's Jena vocabulary ({@code dev.floe.ontology.GeoSparql}) builds its resources from these; the
 * relation IRIs come from {@link Relation}.
 */
public final class GeoSparqlIris {

    /** The GeoSPARQL ontology namespace (prefix {@code geo:}): classes, properties, property functions. */
    public static final String GEO = "http://www.opengis.net/ont/geosparql#";
    /** The GeoSPARQL function namespace (prefix {@code geof:}): filter functions. */
    public static final String GEOF = "http://www.opengis.net/def/function/geosparql/";
    /** The Simple Features geometry-type namespace (prefix {@code sf:}). */
    public static final String SF = "http://www.opengis.net/ont/sf#";

    /** geo:Feature. */
    public static final String FEATURE = GEO + "Feature";
    /** geo:Geometry. */
    public static final String GEOMETRY = GEO + "Geometry";
    /** geo:hasGeometry. */
    public static final String HAS_GEOMETRY = GEO + "hasGeometry";
    /** geo:hasDefaultGeometry. */
    public static final String HAS_DEFAULT_GEOMETRY = GEO + "hasDefaultGeometry";
    /** geo:asWKT. */
    public static final String AS_WKT = GEO + "asWKT";
    /** geo:wktLiteral, the datatype of WKT literals ({@link Wkt}). */
    public static final String WKT_LITERAL = GEO + "wktLiteral";
    /** geof:area (GeoSPARQL 1.1), floe's own in both stores ({@link UtmZone}): Jena 5.6 has none. */
    public static final String AREA = GEOF + "area";

    private GeoSparqlIris() {
    }
}
