package dev.floe.store.spark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Wkt;
import dev.floe.ontology.Floe;

/**
 * The scale benchmark's data (issue 22), written as gzip N-Triples a line at a time, never held in memory, the same
 * for the same size and seed:
 * <ul>
 * <li>the demo data ({@link DemoRdf}) replicated under distinct IRIs ({@code .../data/copyN/}, {@code .../stac/copyN/},
 * blank nodes per copy) and shifted by a few degrees per copy (a geometry the shift would take off the globe stays
 * where it is), about a tenth of the triples;</li>
 * <li>synthetic features in the style of the Geographica benchmark's generator (used for Strabon and Strabo 2):
 * points of interest (half spread evenly, half in Gaussian clusters around "towns", so that spatial partitions are
 * skewed), roads and rivers (short polylines) and land parcels, forests and lakes (small polygons), each a
 * geo:Feature of a kind ({@code scale:PointOfInterest}, {@code scale:Line}, {@code scale:Area}) and a class, with an
 * rdfs:label, a {@code scale:value} (0-999) and geo:hasGeometry to a geo:Geometry with a CRS84 geo:asWKT.</li>
 * </ul>
 * The synthetic features lie in a 2:1 lon/lat box centred on (0, 0) whose area grows with the size, so density, and
 * so the answer per feature of a spatial join, stays the same at every size (up to the whole globe, about 140
 * million triples); a constant box near the centre selects about the same features at every size.
 */
final class ScaleData {

    static final String NS = "https://w3id.org/floe/scale/";
    static final String RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    static final String RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
    static final String XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
    /** Triples per synthetic feature. */
    static final int TRIPLES_PER_FEATURE = 8;
    /** Synthetic features per square degree. */
    static final double DENSITY = 300;
    /** The share of the triples that are demo copies. */
    static final double DEMO_SHARE = 0.1;
    /** Triples per gzip part: the Spark loader parses each file in one task. */
    static final long TRIPLES_PER_PART = 2_000_000;
    static final List<String> POINT_CLASSES = List.of("School", "Hospital", "Shop", "Station");
    static final List<String> LINE_CLASSES = List.of("Road", "River");
    static final List<String> AREA_CLASSES = List.of("Parcel", "Forest", "Lake");

    private static final Pattern WKT_OBJECT = Pattern.compile("^\"(.*)\"\\^\\^<" + Pattern.quote(GeoSparqlIris.WKT_LITERAL) + ">$");

    /** A data set on disk: its files and how many triples they hold. */
    record Generated(List<Path> files, long triples, long demoTriples, int demoCopies, long features) {
    }

    private ScaleData() {
    }

    /** Parses a size such as {@code 200k}, {@code 5m}, {@code 1b} or {@code 300000}. */
    static long parseSize(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1_000L;
            case 'm' -> 1_000_000L;
            case 'b' -> 1_000_000_000L;
            default -> 1L;
        };
        return Math.round(Double.parseDouble(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit);
    }

    /**
     * The data set of about {@code target} triples under {@code dir/NAME/}, generated unless a complete one is there
     * (a {@code COMPLETE} file, written last, holds its counts).
     */
    static Generated prepare(Path dir, String name, long target, long seed) throws IOException {
        Path out = dir.resolve(name);
        Path complete = out.resolve("COMPLETE");
        if (Files.exists(complete)) {
            String[] c = Files.readString(complete).strip().split(" ");
            return new Generated(parts(out), Long.parseLong(c[0]), Long.parseLong(c[1]), Integer.parseInt(c[2]), Long.parseLong(c[3]));
        }
        if (Files.exists(out)) {
            try (Stream<Path> old = Files.list(out)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(out);
        List<Path> demo = demoFiles(dir.resolve("demo"));
        long demoOnce = 0;
        for (Path f : demo) {
            demoOnce += lines(f);
        }
        int copies = (int) Math.max(1, Math.round(target * DEMO_SHARE / demoOnce));
        Random random = new Random(seed);
        long demoTriples = 0;
        // the copies in parts of about TRIPLES_PER_PART triples, whole copies each
        int copiesPerPart = (int) Math.max(1, TRIPLES_PER_PART / demoOnce);
        for (int part = 0; part * copiesPerPart < copies; part++) {
            try (Writer w = gzip(out.resolve(String.format(java.util.Locale.ROOT, "demo-%04d.nt.gz", part)))) {
                for (int c = part * copiesPerPart; c < Math.min(copies, (part + 1) * copiesPerPart); c++) {
                    double dx = c == 0 ? 0 : random.nextDouble() * 10 - 5;
                    double dy = c == 0 ? 0 : random.nextDouble() * 6 - 3;
                    for (Path f : demo) {
                        if (c > 0 && f.getFileName().toString().startsWith("floe-ontology")) {
                            continue; // the ontology once
                        }
                        demoTriples += copy(f, c, dx, dy, w);
                    }
                }
            }
        }
        long features = Math.max(0, (target - demoTriples) / TRIPLES_PER_FEATURE);
        new Synthetic(features, random).write(out);
        long triples = demoTriples + features * TRIPLES_PER_FEATURE;
        Files.writeString(complete, triples + " " + demoTriples + " " + copies + " " + features + "\n");
        return new Generated(parts(out), triples, demoTriples, copies, features);
    }

    private static List<Path> parts(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".nt.gz")).sorted().toList();
        }
    }

    /** The demo's N-Triples files, written by {@link DemoRdf} into {@code dir} once. */
    private static List<Path> demoFiles(Path dir) throws IOException {
        Path done = dir.resolve("COMPLETE");
        if (!Files.exists(done)) {
            DemoRdf.write(dir);
            Files.writeString(done, "");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".nt")).sorted().toList();
        }
    }

    private static long lines(Path f) throws IOException {
        try (Stream<String> s = Files.lines(f, StandardCharsets.UTF_8)) {
            return s.filter(l -> !l.isBlank()).count();
        }
    }

    static Writer gzip(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** Copy {@code c} of a demo file's triples: its resources renamed, its geometries shifted; returns the count. */
    private static long copy(Path file, int c, double dx, double dy, Writer w) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                n++;
                if (c == 0) {
                    w.write(line);
                    w.write('\n');
                    continue;
                }
                // subject, predicate, object: the subject and the predicate have no spaces in N-Triples
                int a = line.indexOf(' ');
                int b = line.indexOf(' ', a + 1);
                String object = line.substring(b + 1, line.lastIndexOf('.')).strip();
                w.write(renamed(line.substring(0, a), c));
                w.write(line, a, b - a + 1);
                w.write(object.startsWith("\"") ? shifted(object, dx, dy) : renamed(object, c));
                w.write(" .\n");
            }
        }
        return n;
    }

    private static String renamed(String term, int c) {
        if (term.startsWith("_:")) {
            return "_:c" + c + "x" + term.substring(2);
        }
        for (String ns : new String[] {Floe.DATA, Floe.STAC}) {
            if (term.startsWith("<" + ns)) {
                return "<" + ns + "copy" + c + "/" + term.substring(ns.length() + 1);
            }
        }
        return term;
    }

    /** A geometry literal moved by (dx, dy) degrees, unless that takes it off the globe; any other literal as it is. */
    private static String shifted(String literal, double dx, double dy) {
        Matcher m = WKT_OBJECT.matcher(literal);
        if (!m.matches() || !Wkt.isCrs84(m.group(1))) {
            return literal;
        }
        try {
            Geometry g = Wkt.read(m.group(1));
            Envelope e = g.getEnvelopeInternal();
            if (e.isNull() || e.getMinX() + dx < -180 || e.getMaxX() + dx > 180 || e.getMinY() + dy < -90 || e.getMaxY() + dy > 90) {
                return literal;
            }
            Geometry moved = AffineTransformation.translationInstance(dx, dy).transform(g);
            return "\"" + Wkt.format(Wkt.crs(m.group(1)), moved.toText()) + "\"^^<" + GeoSparqlIris.WKT_LITERAL + ">";
        } catch (ParseException e) {
            return literal;
        }
    }

    /** The synthetic features, in parts of {@link #TRIPLES_PER_PART} triples (at least two, for two cores). */
    private static final class Synthetic {
        private final long features;
        private final Random random;
        private final double width;
        private final double height;
        private final double[][] towns;

        Synthetic(long features, Random random) {
            this.features = features;
            this.random = random;
            double area = Math.min(340 * 170, Math.max(1, features / DENSITY));
            this.width = Math.sqrt(2 * area);
            this.height = width / 2;
            this.towns = new double[(int) Math.max(4, features / 20_000)][];
            for (int i = 0; i < towns.length; i++) {
                towns[i] = new double[] {(random.nextDouble() - 0.5) * width, (random.nextDouble() - 0.5) * height};
            }
        }

        void write(Path dir) throws IOException {
            long parts = Math.max(2, (features * TRIPLES_PER_FEATURE + TRIPLES_PER_PART - 1) / TRIPLES_PER_PART);
            long perPart = (features + parts - 1) / parts;
            StringBuilder sb = new StringBuilder(512);
            for (long p = 0, i = 0; p < parts; p++) {
                try (Writer w = gzip(dir.resolve(String.format(java.util.Locale.ROOT, "synthetic-%04d.nt.gz", p)))) {
                    for (long end = Math.min(features, i + perPart); i < end; i++) {
                        sb.setLength(0);
                        feature(i, sb);
                        w.append(sb);
                    }
                }
            }
        }

        /** Feature {@code i}: half points, a fifth lines, the rest polygons, interleaved. */
        private void feature(long i, StringBuilder sb) {
            int k = (int) (i % 10);
            String kind;
            String cls;
            String wkt;
            if (k < 5) {
                kind = "PointOfInterest";
                cls = POINT_CLASSES.get(random.nextInt(POINT_CLASSES.size()));
                double[] at = k % 2 == 0 ? anywhere() : nearTown();
                wkt = "POINT(" + deg(at[0]) + " " + deg(at[1]) + ")";
            } else if (k < 7) {
                kind = "Line";
                cls = LINE_CLASSES.get(random.nextInt(LINE_CLASSES.size()));
                double[] at = anywhere();
                int n = 2 + random.nextInt(4);
                StringBuilder l = new StringBuilder("LINESTRING(");
                for (int v = 0; v < n; v++) {
                    l.append(v == 0 ? "" : ", ").append(deg(at[0])).append(' ').append(deg(at[1]));
                    at[0] += (random.nextDouble() - 0.5) * 0.06;
                    at[1] += (random.nextDouble() - 0.5) * 0.06;
                }
                wkt = l.append(')').toString();
            } else {
                kind = "Area";
                cls = AREA_CLASSES.get(random.nextInt(AREA_CLASSES.size()));
                double[] at = anywhere();
                int n = 5 + random.nextInt(4);
                double r = 0.015 + random.nextDouble() * 0.02;
                double turn = random.nextDouble() * 2 * Math.PI;
                StringBuilder l = new StringBuilder("POLYGON((");
                String first = null;
                for (int v = 0; v < n; v++) {
                    double a = turn + 2 * Math.PI * v / n;
                    double rv = r * (0.7 + 0.3 * random.nextDouble());
                    String xy = deg(at[0] + rv * Math.cos(a)) + " " + deg(at[1] + rv * Math.sin(a));
                    first = first == null ? xy : first;
                    l.append(xy).append(", ");
                }
                wkt = l.append(first).append("))").toString();
            }
            String f = "<" + NS + kind.toLowerCase(java.util.Locale.ROOT) + "/" + i + ">";
            String g = "<" + NS + kind.toLowerCase(java.util.Locale.ROOT) + "/" + i + "/geometry>";
            triple(sb, f, RDF_TYPE, "<" + GeoSparqlIris.FEATURE + ">");
            triple(sb, f, RDF_TYPE, "<" + NS + kind + ">");
            triple(sb, f, RDF_TYPE, "<" + NS + cls + ">");
            triple(sb, f, RDFS_LABEL, "\"" + cls + " " + i + "\"");
            triple(sb, f, NS + "value", "\"" + random.nextInt(1000) + "\"^^<" + XSD_INTEGER + ">");
            triple(sb, f, GeoSparqlIris.HAS_GEOMETRY, g);
            triple(sb, g, RDF_TYPE, "<" + GeoSparqlIris.GEOMETRY + ">");
            triple(sb, g, GeoSparqlIris.AS_WKT, "\"" + wkt + "\"^^<" + GeoSparqlIris.WKT_LITERAL + ">");
        }

        private double[] anywhere() {
            return new double[] {(random.nextDouble() - 0.5) * width, (random.nextDouble() - 0.5) * height};
        }

        private double[] nearTown() {
            double[] t = towns[random.nextInt(towns.length)];
            return new double[] {clamp(t[0] + random.nextGaussian() * 0.3, width), clamp(t[1] + random.nextGaussian() * 0.3, height)};
        }

        private static double clamp(double v, double extent) {
            return Math.max(-extent / 2, Math.min(extent / 2, v));
        }
    }

    private static void triple(StringBuilder sb, String s, String p, String o) {
        sb.append(s).append(" <").append(p).append("> ").append(o).append(" .\n");
    }

    /** Degrees with six decimals, without exponent (about 0.1 m). */
    static String deg(double v) {
        long micro = Math.round(v * 1e6);
        StringBuilder sb = new StringBuilder(14);
        if (micro < 0) {
            sb.append('-');
            micro = -micro;
        }
        String frac = Long.toString(micro % 1_000_000);
        sb.append(micro / 1_000_000).append('.');
        for (int i = frac.length(); i < 6; i++) {
            sb.append('0');
        }
        return sb.append(frac).toString();
    }
}
