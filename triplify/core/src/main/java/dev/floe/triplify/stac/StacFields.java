package dev.floe.triplify.stac;

import java.util.Map;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.vocabulary.DCTerms;

import dev.floe.ontology.Floe;
import dev.floe.triplify.rdf.IriSegments;

/**
 * The STAC Item fields (core and the sar, sat, eo, processing, product, proj extensions) that map to
 * ontology terms, and the IRIs of all other fields.
 */
public final class StacFields {

    /** How one STAC field maps: its property, whether its values are date-times, whether numbers are doubles. */
    public record Mapping(Property property, boolean dateTime, boolean asDouble) {
    }

    private static final Map<String, Mapping> MAPPINGS = Map.ofEntries(
            Map.entry("datetime", new Mapping(Floe.acquisitionTime, true, false)),
            Map.entry("start_datetime", new Mapping(Floe.acquisitionStart, true, false)),
            Map.entry("end_datetime", new Mapping(Floe.acquisitionEnd, true, false)),
            Map.entry("created", new Mapping(DCTerms.created, true, false)),
            Map.entry("updated", new Mapping(DCTerms.modified, true, false)),
            Map.entry("title", new Mapping(DCTerms.title, false, false)),
            Map.entry("description", new Mapping(DCTerms.description, false, false)),
            Map.entry("platform", new Mapping(Floe.platform, false, false)),
            Map.entry("constellation", new Mapping(Floe.constellation, false, false)),
            Map.entry("instruments", new Mapping(Floe.instrument, false, false)),
            Map.entry("sar:instrument_mode", new Mapping(Floe.instrumentMode, false, false)),
            Map.entry("sar:polarizations", new Mapping(Floe.polarisation, false, false)),
            Map.entry("sar:frequency_band", new Mapping(Floe.frequencyBand, false, false)),
            Map.entry("sar:product_type", new Mapping(Floe.productType, false, false)),
            Map.entry("product:type", new Mapping(Floe.productType, false, false)),
            Map.entry("s2:product_type", new Mapping(Floe.productType, false, false)),
            Map.entry("processing:level", new Mapping(Floe.processingLevel, false, false)),
            Map.entry("eo:cloud_cover", new Mapping(Floe.cloudCover, false, true)),
            Map.entry("sat:orbit_state", new Mapping(Floe.orbitState, false, false)),
            Map.entry("sat:relative_orbit", new Mapping(Floe.relativeOrbit, false, false)),
            Map.entry("sat:absolute_orbit", new Mapping(Floe.absoluteOrbit, false, false)),
            Map.entry("proj:epsg", new Mapping(Floe.epsg, false, false)));

    private StacFields() {
    }

    /** The ontology mapping of a field, or null when it has none. */
    public static Mapping mapping(String key) {
        return MAPPINGS.get(key);
    }

    /** The IRI of a field without an ontology term: {@code sar:looks_range} becomes {@code .../stac/sar/looks_range}. */
    public static String fieldIri(String key) {
        int colon = key.indexOf(':');
        return colon < 0
                ? Floe.STAC + IriSegments.encode(key)
                : Floe.STAC + IriSegments.encode(key.substring(0, colon)) + "/" + IriSegments.encode(key.substring(colon + 1));
    }

    /** STAC's convention: fields named {@code ...datetime} hold RFC 3339 date-times. */
    public static boolean looksLikeDateTime(String key) {
        return key.endsWith("datetime") || key.endsWith("_time");
    }
}
