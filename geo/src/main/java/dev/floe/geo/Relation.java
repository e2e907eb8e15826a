package dev.floe.geo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.locationtech.jts.geom.Dimension;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.IntersectionMatrix;
import org.locationtech.jts.operation.relateng.RelateNG;

/**
 * The one table of the spatial relations floe knows: each relation's family, its GeoSPARQL filter function and
 * property IRIs, and the DE-9IM patterns that decide it for each pair of dimensions. The interlinker, the store's
 * spatial join, the federation's source pruning and its relation functions all read it from here.
 *
 * <p>The patterns are those floe evaluates, which are GeoSPARQL's with these choices made explicit:
 * <ul>
 * <li>Simple Features relations follow OGC SFA as JTS implements them ({@code Geometry.touches}, {@code crosses},
 *     {@code overlaps} differ by dimension; touches never holds between two points). One difference from the
 *     store remains: JTS (so the interlinker and the federation) also decides sfCrosses with the
 *     higher-dimensional geometry first (line/point, area/point, area/line), where GeoSPARQL and jena-geosparql's
 *     {@code geof:sfCrosses} only admit point/line, point/area, line/area and line/line and answer false.</li>
 * <li>The three equals ({@code sfEquals}, {@code ehEquals}, {@code rcc8eq}) are topological equality
 *     {@code T*F**FFF*} (GeoSPARQL 1.1, JTS {@code equalsTopo}), not GeoSPARQL 1.0's {@code TFFFTFFFT}, which
 *     needs the boundaries to meet and so never holds for two equal points. The store corrects Jena's functions
 *     the same way.</li>
 * <li>Egenhofer and RCC8 relations hold only for the dimension pairs jena-geosparql permits (RCC8: two areas;
 *     ehCovers: area/area, area/line, line/line; ehCoveredBy the converse; ehMeet: not two points).</li>
 * </ul>
 * {@link #COVERS} and {@link #COVERED_BY} are OGC SFA's covers (JTS, PostGIS {@code ST_Covers}), which GeoSPARQL
 * lacks; floe writes them as {@code floe:covers} and {@code floe:coveredBy} and has no filter function for them.
 *
 * <p>The Simple Features relations carry the plain names JTS uses ({@link #WITHIN}, {@link #INTERSECTS}...), the
 * Egenhofer and RCC8 ones their family's prefix. The Simple Features relations and covers/coveredBy are declared
 * first, in alphabetical order: the interlinker writes the links of one pair in declaration order, and reports
 * counts by these names. Immutable and thread-safe.
 */
public enum Relation {

    CONTAINS(Family.SIMPLE_FEATURES, "sfContains", all("T*****FF*")),
    COVERED_BY(Family.FLOE, "coveredBy", all("T*F**F***", "*TF**F***", "**FT*F***", "**F*TF***")),
    COVERS(Family.FLOE, "covers", all("T*****FF*", "*T****FF*", "***T**FF*", "****T*FF*")),
    CROSSES(Family.SIMPLE_FEATURES, "sfCrosses", (a, b) ->
            a < b ? List.of("T*T******") : a > b ? List.of("T*****T**") : a == Dimension.L ? List.of("0********") : List.of()),
    DISJOINT(Family.SIMPLE_FEATURES, "sfDisjoint", all("FF*FF****")),
    EQUALS(Family.SIMPLE_FEATURES, "sfEquals", all("T*F**FFF*")),
    INTERSECTS(Family.SIMPLE_FEATURES, "sfIntersects", all("T********", "*T*******", "***T*****", "****T****")),
    OVERLAPS(Family.SIMPLE_FEATURES, "sfOverlaps", (a, b) ->
            a != b ? List.of() : a == Dimension.L ? List.of("1*T***T**") : List.of("T*T***T**")),
    TOUCHES(Family.SIMPLE_FEATURES, "sfTouches", (a, b) ->
            a == Dimension.P && b == Dimension.P ? List.of() : List.of("FT*******", "F**T*****", "F***T****")),
    WITHIN(Family.SIMPLE_FEATURES, "sfWithin", all("T*F**F***")),

    EH_EQUALS(Family.EGENHOFER, "ehEquals", all("T*F**FFF*")),
    EH_DISJOINT(Family.EGENHOFER, "ehDisjoint", all("FF*FF****")),
    EH_MEET(Family.EGENHOFER, "ehMeet", (a, b) ->
            a == Dimension.P && b == Dimension.P ? List.of() : List.of("FT*******", "F**T*****", "F***T****")),
    EH_OVERLAP(Family.EGENHOFER, "ehOverlap", all("T*T***T**")),
    EH_COVERS(Family.EGENHOFER, "ehCovers", (a, b) -> a >= b && b >= Dimension.L ? List.of("T*TFT*FF*") : List.of()),
    EH_COVERED_BY(Family.EGENHOFER, "ehCoveredBy", (a, b) -> b >= a && a >= Dimension.L ? List.of("TFF*TFT**") : List.of()),
    EH_INSIDE(Family.EGENHOFER, "ehInside", all("TFF*FFT**")),
    EH_CONTAINS(Family.EGENHOFER, "ehContains", all("T*TFF*FF*")),

    RCC8_EQ(Family.RCC8, "rcc8eq", all("T*F**FFF*")),
    RCC8_DC(Family.RCC8, "rcc8dc", areas("FFTFFTTTT")),
    RCC8_EC(Family.RCC8, "rcc8ec", areas("FFTFTTTTT")),
    RCC8_PO(Family.RCC8, "rcc8po", areas("TTTTTTTTT")),
    RCC8_TPPI(Family.RCC8, "rcc8tppi", areas("TTTFTTFFT")),
    RCC8_TPP(Family.RCC8, "rcc8tpp", areas("TFFTTFTTT")),
    RCC8_NTPP(Family.RCC8, "rcc8ntpp", areas("TFFTFFTTT")),
    RCC8_NTPPI(Family.RCC8, "rcc8ntppi", areas("TTTFFTFFT"));

    /** The families of relations: the three of GeoSPARQL, and floe's own. */
    public enum Family {
        /** OGC Simple Features ({@code sf*}). */
        SIMPLE_FEATURES,
        /** Egenhofer's 9-intersection relations ({@code eh*}). */
        EGENHOFER,
        /** Region Connection Calculus ({@code rcc8*}). */
        RCC8,
        /** Relations GeoSPARQL lacks, in the floe ontology's namespace. */
        FLOE
    }

    /** The floe ontology's namespace (as {@code dev.floe.ontology.Floe.NS}), for floe:covers and floe:coveredBy. */
    static final String FLOE_NS = "https://w3id.org/floe/ontology#";

    private static final Map<String, Relation> BY_FUNCTION = Arrays.stream(values())
            .filter(r -> r.functionIri() != null)
            .collect(Collectors.toUnmodifiableMap(Relation::functionIri, Function.identity()));
    private static final Map<String, Relation> BY_PROPERTY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Relation::propertyIri, Function.identity()));

    private final Family family;
    private final String localName;
    private final Patterns patterns;

    Relation(Family family, String localName, Patterns patterns) {
        this.family = family;
        this.localName = localName;
        this.patterns = patterns;
    }

    /** The DE-9IM patterns of a relation for a pair of dimensions (JTS {@link Dimension} P, L, A). */
    @FunctionalInterface
    private interface Patterns {
        List<String> of(int dimA, int dimB);
    }

    private static Patterns all(String... patterns) {
        List<String> list = List.of(patterns);
        return (a, b) -> list;
    }

    private static Patterns areas(String pattern) {
        List<String> list = List.of(pattern);
        return (a, b) -> a == Dimension.A && b == Dimension.A ? list : List.of();
    }

    /** The family the relation belongs to. */
    public Family family() {
        return family;
    }

    /** The local name shared by the property and the function: sfWithin, ehMeet, rcc8po, covers... */
    public String localName() {
        return localName;
    }

    /** The IRI of the property a link of this relation is written with, and of the GeoSPARQL property function. */
    public String propertyIri() {
        return (family == Family.FLOE ? FLOE_NS : GeoSparqlIris.GEO) + localName;
    }

    /** The IRI of the GeoSPARQL filter function ({@code geof:sfWithin}...), or null for floe's own relations. */
    public String functionIri() {
        return family == Family.FLOE ? null : GeoSparqlIris.GEOF + localName;
    }

    /**
     * The DE-9IM patterns for geometries of dimensions {@code dimA} and {@code dimB} (0 point, 1 line, 2 area):
     * the relation holds when the matrix matches any of them; none when it never holds for these dimensions. An
     * empty geometry collection has dimension -1 ({@link Dimension#FALSE}); its matrix meets nothing, so of such
     * pairs only the disjoint relations hold.
     */
    public List<String> patterns(int dimA, int dimB) {
        return patterns.of(dimA, dimB);
    }

    /** Whether the relation holds for the matrix of geometries of dimensions {@code dimA} and {@code dimB}. */
    public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
        for (String p : patterns(dimA, dimB)) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the relation holds between two geometries in the same CRS, decided from their DE-9IM matrix as JTS
     * RelateNG computes it (as the interlinker does; it also relates geometry collections).
     */
    public boolean holds(Geometry a, Geometry b) {
        return holds(RelateNG.relate(a, b), a.getDimension(), b.getDimension());
    }

    /**
     * Whether the relation can hold only between geometries that intersect (so only where their envelopes meet):
     * every relation but the three disjoint ones ({@code sfDisjoint}, {@code ehDisjoint}, {@code rcc8dc}). Read off
     * the patterns: each of them asks for a non-empty intersection of interiors or boundaries.
     */
    public boolean impliesIntersection() {
        for (int a = Dimension.P; a <= Dimension.A; a++) {
            for (int b = Dimension.P; b <= Dimension.A; b++) {
                for (String p : patterns(a, b)) {
                    if (!meets(p.charAt(0)) && !meets(p.charAt(1)) && !meets(p.charAt(3)) && !meets(p.charAt(4))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean meets(char entry) {
        return entry == 'T' || entry == '0' || entry == '1' || entry == '2';
    }

    /** The relation whose GeoSPARQL filter function has this IRI, if any. */
    public static Optional<Relation> ofFunction(String iri) {
        return Optional.ofNullable(iri == null ? null : BY_FUNCTION.get(iri));
    }

    /** The relation whose property (GeoSPARQL property function, or floe:covers/coveredBy) has this IRI, if any. */
    public static Optional<Relation> ofProperty(String iri) {
        return Optional.ofNullable(iri == null ? null : BY_PROPERTY.get(iri));
    }

}
