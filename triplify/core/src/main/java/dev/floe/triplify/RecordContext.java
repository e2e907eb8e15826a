package dev.floe.triplify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floe.geo.StagedOutput;
import dev.floe.triplify.TriplifySummary.RecordNote;
import dev.floe.triplify.geometry.GeoJsonGeometryReader;
import dev.floe.triplify.geometry.GeometryCheck;
import dev.floe.triplify.geometry.GeometryFormatException;
import dev.floe.triplify.rdf.GeoRdfWriter;

/**
 * What a mapper needs while it turns one input's records into triples: the output, the options, the
 * file being read, and geometry reading with the invalid-geometry policy, which it keeps account of.
 * One per triplify run; not thread-safe.
 */
public final class RecordContext {

    /**
     * A record's geometry: absent (GeoJSON null), present, or the record is to be left out; {@code repaired} when the
     * geometry as read was invalid and this is its repair.
     */
    public record GeometryResult(Geometry geometry, boolean skipRecord, boolean repaired) {
        public GeometryResult(Geometry geometry, boolean skipRecord) {
            this(geometry, skipRecord, false);
        }
    }

    private static final GeometryFactory CRS84 = new GeometryFactory(new PrecisionModel(), 4326);

    private final GeoRdfWriter writer;
    private final TriplifyOptions options;
    private final GeoJsonGeometryReader geometryReader = new GeoJsonGeometryReader(CRS84);
    private final GeometryCheck check;
    private final List<RecordNote> repaired = new ArrayList<>();
    private final List<RecordNote> skipped = new ArrayList<>();
    private final List<String> linksNotFollowed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long withoutGeometry;
    private long records;
    private Path file;

    private final Path sidecarTarget;
    private StagedOutput sidecar;

    public RecordContext(GeoRdfWriter writer, TriplifyOptions options, Path sidecarTarget) {
        this.writer = writer;
        this.options = options;
        this.check = new GeometryCheck(options.onInvalid());
        this.sidecarTarget = sidecarTarget.toAbsolutePath().normalize();
    }

    /**
     * A file in the sidecar directory (large arrays that do not belong in literals). Files are written to a
     * temporary directory that becomes {@link #sidecarUri the final one} only when the whole run succeeds.
     */
    public Path sidecar(String name) {
        try {
            if (sidecar == null) {
                sidecar = StagedOutput.directory(sidecarTarget);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a sidecar directory beside " + sidecarTarget, e);
        }
        return sidecar.path().resolve(name);
    }

    /** The IRI a sidecar file will have once the run has succeeded. */
    public String sidecarUri(String name) {
        return sidecarTarget.resolve(name).toUri().toString();
    }

    /** Moves the sidecar files into place (replacing an older directory); nothing happens when none were written. */
    public void commitSidecar() throws java.io.IOException {
        if (sidecar == null) {
            return;
        }
        sidecar.commit();
        sidecar = null;
    }

    /** Removes the sidecar files of a failed run. */
    public void discardSidecar() {
        if (sidecar != null) {
            sidecar.close();
        }
        sidecar = null;
    }

    public GeoRdfWriter writer() {
        return writer;
    }

    public TriplifyOptions options() {
        return options;
    }

    /** The file whose records are being read. */
    public Path file() {
        return file;
    }

    public void file(Path current) {
        this.file = current;
    }

    /** Counts one record read. */
    public void recordRead() {
        records++;
    }

    /** Notes a STAC link that is not followed (a remote one, or one leaving the catalog's folder), and why. */
    public void linkNotFollowed(String href, String reason) {
        linksNotFollowed.add(file + ": " + href + " (" + reason + ")");
    }

    /**
     * Reads and checks a record's geometry member. A malformed geometry is an error naming the record;
     * an invalid one is repaired, skipped or fails according to the policy, and is noted.
     */
    public GeometryResult geometry(JsonNode geometryNode, String record, String id) {
        if (geometryNode == null || geometryNode.isNull()) {
            withoutGeometry++;
            return new GeometryResult(null, false);
        }
        Geometry geometry;
        try {
            geometry = geometryReader.read(geometryNode);
        } catch (GeometryFormatException e) {
            throw new TriplifyException(file, where(record, id), e.getMessage());
        }
        return checked(geometry, record, id);
    }

    /** A record without a geometry (an empty cell, a null member): counted, written without one. */
    public GeometryResult noGeometry() {
        withoutGeometry++;
        return new GeometryResult(null, false);
    }

    /**
     * Applies the invalid-geometry policy to a geometry read by a source (in CRS84), and notes what it did. Coordinates
     * that are not finite or not a longitude/latitude are an error whatever the policy ({@link GeometryCheck}).
     */
    public GeometryResult checked(Geometry geometry, String record, String id) {
        GeometryCheck.Outcome outcome = check.check(geometry);
        switch (outcome.action()) {
            case KEPT:
                return new GeometryResult(geometry, false);
            case REPAIRED:
                repaired.add(new RecordNote(String.valueOf(file), record, id, outcome.reason()));
                return new GeometryResult(outcome.geometry(), false, true);
            case SKIPPED:
                skipped.add(new RecordNote(String.valueOf(file), record, id, outcome.reason()));
                return new GeometryResult(null, true);
            default: // FAILED, MALFORMED
                throw new TriplifyException(file, where(record, id), outcome.reason());
        }
    }

    /**
     * Checks that a feature's id is new in its source ({@code ids}: one per source or table), failing otherwise;
     * notes once when the check stops at its memory cap.
     */
    public void uniqueId(FeatureIds ids, String id) {
        if (!ids.check(id, file, null) && !ids.noted) {
            ids.noted = true;
            notes.add("duplicate feature ids not checked beyond " + FeatureIds.DEFAULT_CAP + " features of " + file);
        }
    }

    /** Notes a record left out by a source (e.g. one marked deleted), so that the summary reports it. */
    public void skip(String record, String id, String reason) {
        skipped.add(new RecordNote(String.valueOf(file), record, id, reason));
    }

    /** A record reference for messages: its JSON path and, when known, its id. */
    public static String where(String record, String id) {
        return id == null ? record : record + " (id " + id + ")";
    }

    public TriplifySummary summary() {
        return new TriplifySummary(records, writer.triples(), withoutGeometry, repaired, skipped, linksNotFollowed, notes);
    }

    public long records() {
        return records;
    }
}
