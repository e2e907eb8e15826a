package dev.floe.sparql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.resultset.ResultSetLang;

/**
 * The syntaxes a query's answer is written in, by query form, with their media types (for content negotiation)
 * and the short names accepted by the endpoint's {@code format} parameter and the CLI's {@code --format}.
 * {@link QueryAnswer} writes each with Jena's own writer ({@link #lang()}), GeoJSON with {@link GeoJsonResults}.
 */
public enum ResultFormat {
    // SELECT and ASK; the first is the default
    JSON("application/sparql-results+json", ResultSetLang.RS_JSON, true, "json", "srj"),
    XML("application/sparql-results+xml", ResultSetLang.RS_XML, true, "xml", "srx"),
    CSV("text/csv", ResultSetLang.RS_CSV, true, "csv"),
    TSV("text/tab-separated-values", ResultSetLang.RS_TSV, true, "tsv"),
    PLAIN_JSON("application/json", ResultSetLang.RS_JSON, true),
    /** SELECT only: each solution a GeoJSON Feature ({@link GeoJsonResults}). */
    GEOJSON("application/geo+json", null, true, "geojson"),
    // CONSTRUCT and DESCRIBE; the first is the default
    TURTLE("text/turtle", RDFLanguages.TURTLE, false, "turtle", "ttl"),
    NTRIPLES("application/n-triples", RDFLanguages.NTRIPLES, false, "ntriples", "nt"),
    JSONLD("application/ld+json", RDFLanguages.JSONLD, false, "jsonld"),
    RDFXML("application/rdf+xml", RDFLanguages.RDFXML, false, "rdfxml"),
    NTRIPLES_PLAIN("text/plain", RDFLanguages.NTRIPLES, false);

    private final String mediaType;
    private final Lang lang;
    private final boolean results;
    private final List<String> names;

    ResultFormat(String mediaType, Lang lang, boolean results, String... names) {
        this.mediaType = mediaType;
        this.lang = lang;
        this.results = results;
        this.names = List.of(names);
    }

    /** The media type, without parameters (the answer is always UTF-8). */
    public String mediaType() {
        return mediaType;
    }

    /** The Jena language that writes this format; null for GeoJSON, which Jena has no writer for. */
    public Lang lang() {
        return lang;
    }

    /** True for SELECT/ASK result formats, false for RDF graph syntaxes. */
    public boolean forResults() {
        return results;
    }

    /** The format with this short name (json, xml, csv, tsv, turtle, ...) or media type, or null. */
    public static ResultFormat byName(String name, boolean results) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ResultFormat f : values()) {
            if (f.results == results && (f.names.contains(n) || f.mediaType.equals(n))) {
                return f;
            }
        }
        return null;
    }

    /** The short names for one query form, for error messages. */
    public static List<String> names(boolean results) {
        List<String> out = new ArrayList<>();
        for (ResultFormat f : values()) {
            if (f.results == results) {
                out.addAll(f.names);
            }
        }
        return out;
    }
}
