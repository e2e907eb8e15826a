package dev.floe.triplify.rml;

import java.util.Collection;

import dev.floe.ontology.Floe;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.rml.Mapping.LogicalSource;

/**
 * Reads the records of one logical source, one at a time (streaming where the format allows). Sources with a
 * schema (CSV header, GeoPackage columns, DBF fields) report it before the first record, so that references to
 * columns that do not exist fail before anything is written.
 */
public interface RecordSource {

    /** Receives the schema (once, first) and then each record. */
    interface Handler {
        /** The references the source has, or null when it has no fixed schema (JSON). */
        void schema(Collection<String> references);

        void record(SourceRecord record);
    }

    /** Reads every record; bad input is a {@link dev.floe.triplify.TriplifyException} naming the file and record. */
    void read(Handler handler);

    /** The reader for a logical source; {@code context} checks geometries and counts records. */
    static RecordSource of(LogicalSource source, RecordContext context) {
        String f = source.formulation();
        if (f.equals(Rml.JSONPath)) {
            return new JsonPathSource(source, context);
        }
        if (f.equals(Rml.CSV)) {
            return new CsvRowSource(source, context);
        }
        if (f.equals(Floe.GeoJSON.getURI()) || f.equals(Floe.CsvFeatures.getURI()) || f.equals(Floe.GeoPackage.getURI())
                || f.equals(Floe.Shapefile.getURI())) {
            return new FeatureRecordSource(source, context);
        }
        throw new IllegalArgumentException("no reader for the reference formulation <" + f + ">");
    }
}
