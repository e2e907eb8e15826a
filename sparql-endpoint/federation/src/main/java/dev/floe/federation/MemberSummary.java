package dev.floe.federation;

import java.time.Instant;
import java.util.Set;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.Crs84;
import dev.floe.geo.Wkt;

/**
 * What a member holds, as far as source selection needs to know: the predicates and classes used in it and
 * the CRS84 bounding box of its {@code geo:asWKT} geometries.
 *
 * @param predicates  every predicate IRI (default graph and named graphs)
 * @param classes     every class IRI that is the object of rdf:type
 * @param bbox        the bounding box of all its WKT geometries; an empty envelope when it has none
 * @param geometries  how many WKT literals were read
 * @param unreadable  how many could not be placed (unknown CRS, not WKT); when any, the box is not trusted
 * @param computedAt  when the summary was made
 */
public record MemberSummary(Set<String> predicates, Set<String> classes, Envelope bbox, long geometries, long unreadable,
                            Instant computedAt) {

    private static final String EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";

    public MemberSummary {
        predicates = Set.copyOf(predicates);
        classes = Set.copyOf(classes);
        bbox = new Envelope(bbox);
    }

    /** Whether every geometry of the member lies in {@link #bbox()}, so spatial pruning may use it. */
    public boolean bboxKnown() {
        return unreadable == 0;
    }

    /** Whether some geometry of the member may intersect {@code area}. */
    public boolean mayIntersect(Envelope area) {
        return !bboxKnown() || (!bbox.isNull() && bbox.intersects(area));
    }

    @Override
    public Envelope bbox() {
        return new Envelope(bbox);
    }

    /**
     * The CRS84 bounding box of a WKT literal's lexical form; null when it cannot be known here (not WKT, or a CRS
     * other than CRS84 and EPSG:4326, whose box in CRS84 may differ from where a member's own transform puts the
     * geometry, so nothing is ever pruned on its account). An empty geometry gives an empty
     * ({@link Envelope#isNull() null}) envelope.
     */
    static Envelope envelope(String lexical) {
        String crs = Wkt.crs(lexical);
        if (!Crs84.isCrs84(crs) && !crs.equals(EPSG_4326)) {
            return null;
        }
        try {
            return Wkt.readCrs84(lexical).getEnvelopeInternal();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** A one-line description for logs and the members listing. */
    public String describe() {
        String box = bbox.isNull() ? "no geometries" : String.format(java.util.Locale.ROOT, "bbox [%.3f %.3f, %.3f %.3f]",
                bbox.getMinX(), bbox.getMinY(), bbox.getMaxX(), bbox.getMaxY());
        return predicates.size() + " predicates, " + classes.size() + " classes, " + geometries + " geometries, " + box
                + (unreadable > 0 ? " (" + unreadable + " geometries not placed: no spatial pruning)" : "");
    }
}
