package dev.floe.endpoint.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.Wkt;
import dev.floe.ml.api.InferenceRequest;
import dev.floe.ml.api.InferenceRequest.Recording;
import dev.floe.ml.api.ServingException;

/**
 * What the rows of a request are about, as a client names them: for each row an IRI (absolute) and optionally its
 * footprint (WKT in CRS84), or nothing. Rows that name a subject are recorded as predictions, so such a request is a
 * write. Grows as a request is read; not thread-safe.
 */
final class RowSubjects {

    /** The request fields both protocols read (TF Serving per instance, or per request as the lists). */
    static final String SUBJECT = "floe:subject";
    static final String FOOTPRINT = "floe:footprint";
    static final String SUBJECTS = "floe:subjects";
    static final String FOOTPRINTS = "floe:footprints";
    static final String RECORD = "floe:record";

    private final List<String> iris = new ArrayList<>();
    private final List<String> footprints = new ArrayList<>();

    /** Sets row {@code row}'s subject (null: none); {@code where} names the row in messages. */
    void iri(int row, String iri, String where) {
        if (iri != null) {
            try {
                if (!IRIx.create(iri).isAbsolute()) {
                    throw invalid(where + ": " + SUBJECT + " must be an absolute IRI, not " + iri);
                }
            } catch (IRIException e) {
                throw invalid(where + ": " + SUBJECT + " is not an IRI: " + iri + " (" + e.getMessage() + ")");
            }
        }
        grow(row);
        iris.set(row, iri);
    }

    /** Sets row {@code row}'s footprint (null: none). */
    void footprint(int row, String wkt, String where) {
        if (wkt != null) {
            try {
                Wkt.read(wkt);
            } catch (ParseException e) {
                throw invalid(where + ": " + FOOTPRINT + " is " + e.getMessage());
            }
            if (!Wkt.isCrs84(wkt)) {
                throw invalid(where + ": " + FOOTPRINT + " must be in CRS84 (WKT without a CRS IRI, longitude first)");
            }
        }
        grow(row);
        footprints.set(row, wkt);
    }

    private void grow(int row) {
        while (iris.size() <= row) {
            iris.add(null);
            footprints.add(null);
        }
    }

    /** Whether any row names a subject, so that the request records predictions. */
    boolean any() {
        return iris.stream().anyMatch(s -> s != null);
    }

    /**
     * One subject per row (null for rows that name none), or an empty list when no row names one. {@code rows}
     * is the number of rows of the inputs; lists given per request must have that many entries.
     */
    List<InferenceRequest.Subject> forRows(long rows, boolean perRequest) {
        if (iris.stream().allMatch(s -> s == null)) {
            if (footprints.stream().anyMatch(s -> s != null)) {
                throw invalid(FOOTPRINT + " needs " + SUBJECT + ": a footprint is recorded with the prediction about its subject");
            }
            return List.of();
        }
        if (perRequest && iris.size() != rows) {
            throw invalid(SUBJECTS + " has " + iris.size() + " entries for " + rows + " rows");
        }
        List<InferenceRequest.Subject> subjects = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String iri = i < iris.size() ? iris.get(i) : null;
            String wkt = i < footprints.size() ? footprints.get(i) : null;
            if (iri == null && wkt != null) {
                throw invalid("row " + i + ": " + FOOTPRINT + " needs " + SUBJECT);
            }
            subjects.add(iri == null ? null : new InferenceRequest.Subject(iri, wkt));
        }
        return subjects;
    }

    /** The recording a request asks for with {@code "floe:record"}: "sync" (the default) or "async". */
    static Recording recording(String value) {
        if (value == null) {
            return Recording.SYNC;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sync" -> Recording.SYNC;
            case "async" -> Recording.ASYNC;
            default -> throw invalid(RECORD + " is \"sync\" or \"async\", not \"" + value + "\"");
        };
    }

    static ServingException invalid(String message) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, message);
    }
}
