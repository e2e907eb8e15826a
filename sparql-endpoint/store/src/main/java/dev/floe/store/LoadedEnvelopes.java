package dev.floe.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.geosparql.implementation.datatype.GeometryDatatype;
import org.apache.jena.geosparql.implementation.vocabulary.Geo;
import org.apache.jena.geosparql.spatial.SpatialIndexItem;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.Quad;
import org.locationtech.jts.geom.Envelope;

import dev.floe.geo.Crs84;
import dev.floe.geo.GeoSparqlIris;

/**
 * The envelopes of the geometry literals a bulk load streams past, computed on a thread of their own while TDB2
 * writes, so that building the spatial index after the load need not parse every geometry a
 * second time. Into an empty store the load also records the feature-geometry links, and the index items come
 * from the load alone ({@link #itemsOfLoad}): reading every geometry literal back from TDB2 was most of the
 * index build. Otherwise the items are found in the stored graph ({@link SpatialIndexItems}) and only a
 * literal's envelope comes from here, when this load saw that very literal (same geometry, property, length
 * and hash of its text); any other literal is parsed as before. Bounded: past {@link #MAX_GEOMETRIES}
 * geometries and links it stops recording, and the rest are parsed.
 */
final class LoadedEnvelopes {

    /** Geometries remembered per load (a few hundred bytes each). */
    static final int MAX_GEOMETRIES = 2_000_000;

    private record Seen(Node predicate, int length, int hash, long hash64, Envelope envelope) {

        boolean sameLiteral(Seen other) {
            return predicate.equals(other.predicate) && length == other.length && hash == other.hash && hash64 == other.hash64;
        }
    }

    /** A {@code geo:hasDefaultGeometry} or {@code geo:hasGeometry} triple of the load. */
    private record Link(Node graph, Node feature, Node geometry, boolean isDefault) {
    }

    private record Key(Node graph, Node subject) {
    }

    // written by the one thread that streams through recording(), read once the load has joined it
    private final Map<Key, List<Seen>> seen = new HashMap<>();
    private final Set<Link> links = new HashSet<>();
    private int count;
    /** False once something that bears on the index was not recorded: then items come from the stored graph. */
    private boolean complete = true;
    /** The items of each graph from the load alone, built on first use (the load has ended by then). */
    private Map<Node, List<SpatialIndexItem>> itemsOfLoad;
    private final String srsUri;
    private final boolean intoEmptyStore;

    /**
     * @param intoEmptyStore whether the store was empty before this load: then each graph holds exactly what
     *                       the load streamed, and {@link #items} computes the items from the load alone
     */
    LoadedEnvelopes(String srsUri, boolean intoEmptyStore) {
        this.srsUri = srsUri;
        this.intoEmptyStore = intoEmptyStore;
    }

    /** Records the envelope of every geometry literal that passes, then passes it on. */
    StreamRDF recording(StreamRDF next) {
        return new StreamRDFWrapper(next) {
            @Override
            public void triple(Triple triple) {
                record(Quad.defaultGraphIRI, triple.getSubject(), triple.getPredicate(), triple.getObject());
                super.triple(triple);
            }

            @Override
            public void quad(Quad quad) {
                record(quad.isDefaultGraph() ? Quad.defaultGraphIRI : quad.getGraph(), quad.getSubject(),
                        quad.getPredicate(), quad.getObject());
                super.quad(quad);
            }
        };
    }

    /**
     * Whether a statement can bear on the spatial index: a feature-geometry link or a serialisation property (the
     * index reads geometry literals only under {@code geo:asWKT}, {@code geo:asGML} and
     * {@code geo:hasSerialization}); what {@link #recording} sees of the others changes nothing.
     */
    static boolean bearsOnIndex(Node predicate) {
        return predicate.equals(Geo.HAS_DEFAULT_GEOMETRY_NODE) || predicate.equals(Geo.HAS_GEOMETRY_NODE)
                || SERIALISATIONS.contains(predicate);
    }

    private void record(Node graph, Node subject, Node predicate, Node object) {
        if (!bearsOnIndex(predicate)) {
            return;
        }
        if (count >= MAX_GEOMETRIES) {
            complete = false;
            return;
        }
        boolean isDefault = predicate.equals(Geo.HAS_DEFAULT_GEOMETRY_NODE);
        if (isDefault || predicate.equals(Geo.HAS_GEOMETRY_NODE)) {
            if (!object.isLiteral() && links.add(new Link(graph, subject, object, isDefault))) {
                count++;
            }
            return;
        }
        if (!object.isLiteral() || !(object.getLiteralDatatype() instanceof GeometryDatatype)) {
            complete = false; // not a geometry where the index expects one: the build reads the graph and reports it
            return;
        }
        Envelope envelope = object.getLiteralDatatypeURI().equals(WKT) ? scanCrs84Wkt(object.getLiteralLexicalForm()) : null;
        if (envelope == null) {
            try {
                envelope = SpatialIndexItems.envelopeOf(object, srsUri);
            } catch (RuntimeException e) {
                complete = false;
                return; // unreadable here: the index build parses it again and reports it
            }
        }
        String text = object.getLiteralLexicalForm();
        Seen literal = new Seen(predicate, text.length(), text.hashCode(), hash64(text), envelope);
        List<Seen> known = seen.computeIfAbsent(new Key(graph, subject), k -> {
            count++;
            return new ArrayList<>(1);
        });
        // a triple streamed twice is stored once
        if (known.stream().noneMatch(literal::sameLiteral)) {
            known.add(literal);
        }
    }

    /** FNV-1a over the text's chars: with its length and {@link String#hashCode} it tells two literals apart. */
    private static long hash64(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    private static final String WKT = GeoSparqlIris.WKT_LITERAL;
    private static final Set<Node> SERIALISATIONS = Set.of(Geo.AS_WKT_NODE, Geo.AS_GML_NODE, Geo.HAS_SERIALIZATION_NODE);
    private static final String CRS84_PREFIX = "<" + Crs84.IRI + ">";

    /**
     * The envelope of a CRS84 WKT literal (no CRS IRI, or the CRS84 one) read straight off its coordinates:
     * the first two numbers of every tuple are lon and lat. Jena's WKT reader builds the whole JTS geometry
     * for the same answer at several times the cost. Null for anything else
     * (another CRS, EMPTY, an unexpected character), which is then parsed by Jena. Ring closure and other
     * geometry validity are not checked here; the GeoSPARQL functions report such a literal when they read it.
     * The envelope is exactly Jena's: numbers read approximately ({@link #approxOf}) only decide which
     * of them can be an extreme, and those few are read exactly.
     */
    static Envelope scanCrs84Wkt(String wkt) {
        int i = 0;
        int n = wkt.length();
        while (i < n && Character.isWhitespace(wkt.charAt(i))) {
            i++;
        }
        if (i < n && wkt.charAt(i) == '<') {
            if (!wkt.startsWith(CRS84_PREFIX, i)) {
                return null;
            }
            i += CRS84_PREFIX.length();
        }
        Extreme minX = new Extreme(false);
        Extreme maxX = new Extreme(true);
        Extreme minY = new Extreme(false);
        Extreme maxY = new Extreme(true);
        int inTuple = 0; // numbers read in the current tuple
        double x = 0;
        int xStart = 0;
        int xEnd = 0;
        boolean xExact = true;
        int depth = 0;
        boolean any = false;
        while (i < n) {
            char c = wkt.charAt(i);
            if (c == '(') {
                depth++;
                inTuple = 0;
                i++;
            } else if (c == ')' || c == ',') {
                if (inTuple == 1 || inTuple > 4) {
                    return null; // not a coordinate tuple: Jena reports it
                }
                depth += c == ')' ? -1 : 0;
                inTuple = 0;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
                int start = i;
                while (i < n && isNumberChar(wkt.charAt(i))) {
                    i++;
                }
                if (depth == 0) {
                    return null;
                }
                double v = exactDecimal(wkt, start, i);
                boolean exact = !Double.isNaN(v);
                if (!exact) {
                    v = approxOf(wkt, start, i);
                    if (Double.isNaN(v)) {
                        try {
                            v = Double.parseDouble(wkt.substring(start, i));
                        } catch (NumberFormatException e) {
                            return null;
                        }
                        exact = true;
                    }
                }
                if (inTuple == 0) {
                    x = v;
                    xStart = start;
                    xEnd = i;
                    xExact = exact;
                } else if (inTuple == 1) {
                    minX.offer(x, xExact, xStart, xEnd);
                    maxX.offer(x, xExact, xStart, xEnd);
                    minY.offer(v, exact, start, i);
                    maxY.offer(v, exact, start, i);
                    any = true;
                }
                inTuple++;
            } else if (Character.isLetter(c)) {
                int start = i;
                while (i < n && Character.isLetter(wkt.charAt(i))) {
                    i++;
                }
                String word = wkt.substring(start, i).toUpperCase(java.util.Locale.ROOT);
                if (word.equals("EMPTY") || word.equals("NAN") || word.equals("INFINITY") || word.startsWith("E")) {
                    return null; // empty parts, special values, exponents without digits: Jena decides
                }
                inTuple = 0;
            } else {
                return null;
            }
        }
        if (depth != 0 || !any) {
            return null;
        }
        return new Envelope(minX.resolve(wkt), maxX.resolve(wkt), minY.resolve(wkt), maxY.resolve(wkt));
    }

    /**
     * The lowest (or highest) of a run of coordinates, some of them known only approximately: keeps the exact
     * ones and the text of the approximate ones that may still be the extreme, and reads those few exactly at
     * the end. An approximate value is within two ulps of the true one, so a number whose approximation is more
     * than {@link #APPROX_ULPS} ulps beyond the best approximation so far cannot be the extreme, and dropping
     * candidates only when a new value is that far below them never drops the true extreme.
     */
    private static final class Extreme {
        private final boolean highest;
        private double best;
        private double tolerance;
        private double bestExact = Double.NaN;
        private int[] spans = new int[4]; // start, end of each approximate candidate
        private int spanCount;
        private boolean empty = true;

        Extreme(boolean highest) {
            this.highest = highest;
        }

        void offer(double value, boolean exact, int start, int end) {
            double v = highest ? -value : value; // negation is exact: the highest is the lowest of the negations
            if (empty || v < best - tolerance) {
                empty = false;
                best = v;
                tolerance = APPROX_ULPS * Math.ulp(v);
                bestExact = Double.NaN;
                spanCount = 0;
            } else if (v > best + tolerance) {
                return;
            } else if (v < best) {
                best = v;
                tolerance = APPROX_ULPS * Math.ulp(v);
            }
            if (exact) {
                bestExact = Double.isNaN(bestExact) || v < bestExact ? v : bestExact;
            } else {
                if (spanCount * 2 == spans.length) {
                    spans = java.util.Arrays.copyOf(spans, spans.length * 2);
                }
                spans[spanCount * 2] = start;
                spans[spanCount * 2 + 1] = end;
                spanCount++;
            }
        }

        /** The exact extreme: the lowest of the exact candidates and of the approximate ones read exactly. */
        double resolve(String text) {
            double v = bestExact;
            for (int k = 0; k < spanCount; k++) {
                double exact = Double.parseDouble(text.substring(spans[2 * k], spans[2 * k + 1]));
                double candidate = highest ? -exact : exact;
                v = Double.isNaN(v) || candidate < v ? candidate : v;
            }
            return highest ? -v : v;
        }
    }

    /**
     * Tolerance of {@link Extreme}, in ulps of the best value: the errors of two approximations (two ulps each,
     * {@link #approxOf}) with room to spare for their ulps differing by a factor of two near a power of two.
     */
    private static final double APPROX_ULPS = 16;

    /** The powers of ten a double holds exactly. */
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long EXACT_LIMIT = 1L << 53;
    private static final long APPROX_LIMIT = 100_000_000_000_000_000L; // 10^17: times ten plus a digit still fits a long

    /**
     * The double nearest the number written in {@code s[start, end)}, as {@link Double#parseDouble} reads it.
     * A plain decimal whose digits, read as an integer, stay below 2^53 with at most 22 of them after the point
     * is an exact double divided by an exact power of ten, and that one IEEE division is correctly rounded (the
     * fast path of Clinger's algorithm); it covers most coordinates and is several times faster than
     * {@code parseDouble}, which was the largest cost of scanning. Anything else goes to {@code parseDouble}.
     */
    static double parseDecimal(String s, int start, int end) {
        double v = exactDecimal(s, start, end);
        return Double.isNaN(v) ? Double.parseDouble(s.substring(start, end)) : v;
    }

    /** {@link #parseDecimal}'s fast path: the exact double, or NaN where it does not apply. */
    private static double exactDecimal(String s, int start, int end) {
        return decimal(s, start, end, EXACT_LIMIT);
    }

    /**
     * A plain decimal of up to 17 significant digits read approximately: its digits as a long, rounded once to
     * a double and divided once by an exact power of ten, so within 2^-52 of the value relative (two ulps).
     * NaN for anything else (exponents, 18 or more digits, over 22 after the point).
     */
    private static double approxOf(String s, int start, int end) {
        return decimal(s, start, end, APPROX_LIMIT);
    }

    private static double decimal(String s, int start, int end, long limit) {
        int i = start;
        boolean negative = false;
        if (i < end && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long digits = 0;
        int afterPoint = -1;
        int count = 0;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits >= limit) {
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                count++;
                if (afterPoint >= 0) {
                    afterPoint++;
                }
            } else if (c == '.' && afterPoint < 0) {
                afterPoint = 0;
            } else {
                return Double.NaN; // exponents, and what parseDouble rejects
            }
        }
        if (count == 0 || afterPoint > 22 || digits >= limit) {
            return Double.NaN;
        }
        double v = afterPoint > 0 ? digits / POW10[afterPoint] : digits;
        return negative ? -v : v;
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }

    /**
     * The spatial index items of a graph ({@link SpatialIndexItems#find}), with the envelopes recorded during
     * the load where they match and every other literal parsed.
     */
    List<SpatialIndexItem> items(Node graphName, Graph graph, SpatialIndexItems.Unreadable unreadable) {
        List<SpatialIndexItem> ofLoad = intoEmptyStore ? itemsOfLoad(graphName) : null;
        if (ofLoad != null) {
            return ofLoad;
        }
        return SpatialIndexItems.find(graph, srsUri, t -> {
            Envelope e = lookup(seen.get(new Key(graphName, t.getSubject())), t.getPredicate(), t.getObject());
            return e != null ? e : SpatialIndexItems.envelopeOf(t.getObject(), srsUri);
        }, unreadable);
    }

    /**
     * The spatial index items of the graph {@code graphName} computed from this load alone, without reading the
     * store: right only when the graph was empty before the load (so that it now holds exactly what was
     * streamed) and everything that bears on the index was recorded. Jena's rules as
     * {@link SpatialIndexItems#find} applies them: a feature indexes its default geometry's literals, or those of
     * its other geometries where it has no default one; a geometry its WKT and GML literals, or its
     * {@code geo:hasSerialization} ones where it has neither. Null where the load cannot say (something was not
     * recorded, or the graph has no geometry literals, where Jena looks for WGS84 lat/long): then the caller
     * reads the graph.
     */
    List<SpatialIndexItem> itemsOfLoad(Node graphName) {
        if (!complete) {
            return null;
        }
        if (itemsOfLoad == null) {
            itemsOfLoad = itemsOfLoadByGraph();
        }
        return itemsOfLoad.get(graphName);
    }

    /** {@link #itemsOfLoad} of every graph with geometry literals, in one pass over the recorded literals and links. */
    private Map<Node, List<SpatialIndexItem>> itemsOfLoadByGraph() {
        Map<Node, Map<Node, List<Seen>>> literals = new HashMap<>();
        seen.forEach((key, known) -> {
            List<Seen> specific = specific(known);
            if (!specific.isEmpty()) {
                literals.computeIfAbsent(key.graph(), g -> new HashMap<>()).put(key.subject(), specific);
            }
        });
        Set<Key> withDefault = new HashSet<>();
        for (Link link : links) {
            if (link.isDefault()) {
                withDefault.add(new Key(link.graph(), link.feature()));
            }
        }
        Map<Node, List<SpatialIndexItem>> items = new HashMap<>();
        for (Link link : links) {
            Map<Node, List<Seen>> ofGraph = literals.get(link.graph());
            if (ofGraph != null && (link.isDefault() || !withDefault.contains(new Key(link.graph(), link.feature())))) {
                for (Seen s : ofGraph.getOrDefault(link.geometry(), List.of())) {
                    items.computeIfAbsent(link.graph(), g -> new ArrayList<>()).add(new SpatialIndexItem(s.envelope(), link.feature()));
                }
            }
        }
        literals.forEach((graph, ofGraph) -> ofGraph.forEach((geometry, specific) -> specific.forEach(s ->
                items.computeIfAbsent(graph, g -> new ArrayList<>()).add(new SpatialIndexItem(s.envelope(), geometry)))));
        return items;
    }

    /** A geometry's WKT and GML literals, or its {@code geo:hasSerialization} ones where it has neither. */
    private static List<Seen> specific(List<Seen> known) {
        List<Seen> specific = new ArrayList<>(1);
        for (Seen s : known) {
            if (s.predicate().equals(Geo.AS_WKT_NODE) || s.predicate().equals(Geo.AS_GML_NODE)) {
                specific.add(s);
            }
        }
        if (specific.isEmpty()) {
            for (Seen s : known) {
                if (s.predicate().equals(Geo.HAS_SERIALIZATION_NODE)) {
                    specific.add(s);
                }
            }
        }
        return specific;
    }

    private static Envelope lookup(List<Seen> known, Node predicate, Node literal) {
        if (known == null) {
            return null;
        }
        RDFDatatype type = literal.getLiteralDatatype();
        if (!(type instanceof GeometryDatatype)) {
            return null;
        }
        String text = literal.getLiteralLexicalForm();
        for (Seen s : known) {
            if (s.predicate.equals(predicate) && s.length == text.length() && s.hash == text.hashCode()) {
                return s.envelope;
            }
        }
        return null;
    }
}
