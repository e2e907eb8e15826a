package dev.floe.interlink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.floe.geo.GeoSparqlIris;

/**
 * Reads the statements interlinking needs ({@link GeometryStatement}) from an N-Triples or N-Quads file, on all
 * cores: a plain file is split into byte ranges at line boundaries, one per task; each range looks at the
 * predicate of every line and reads only the lines with one of the three predicates (and lines it cannot take
 * apart, so that they are reported): those of the plain shape writers produce through {@link NTriplesLine}, any
 * other through Jena RIOT's own parser, in batches (Jena starts only then). The other lines are not parsed: their syntax is not checked
 * (a line with a geo: predicate is always parsed in full). Blank node labels keep their identity across ranges
 * and are scoped to the file. A gzipped file is read as one range.
 *
 * <p>Why not RIOT on the whole file: it builds every node of every triple on one core, and on a file of
 * points with a few properties each most of them are labels, types and property values interlinking never uses.
 * RIOT's warnings (such as a bad IRI) are logged for the lines it parses; the plain lines need none.
 *
 * <p>Errors name the file and the line (and column) of the file, not of the batch. Instances hold no state.
 */
final class NTriplesScanner {

    private static final Logger LOG = LoggerFactory.getLogger(NTriplesScanner.class);

    /** Files below this size are read as one range: splitting them would cost more than it saves. */
    static final long MIN_RANGE_BYTES = 1 << 20;
    /** Candidate lines are parsed in batches of about this many bytes. */
    private static final int BATCH_BYTES = 1 << 22;
    private static final int MAX_WARNINGS = 20;

    private static final byte[][] PREDICATES = {
        iri(GeoSparqlIris.HAS_DEFAULT_GEOMETRY), iri(GeoSparqlIris.HAS_GEOMETRY), iri(GeoSparqlIris.AS_WKT)};

    private final long minRangeBytes;
    private final int maxRanges;

    /** Ranges of at least 1 MiB, at most four per core. */
    NTriplesScanner() {
        this(MIN_RANGE_BYTES, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** With other range sizes, for tests of the range boundaries. */
    NTriplesScanner(long minRangeBytes, int maxRanges) {
        this.minRangeBytes = minRangeBytes;
        this.maxRanges = maxRanges;
    }

    /**
     * The geometry statements of {@code file} (N-Quads with {@code quads}, else N-Triples), in file order.
     * {@code scope} makes its blank nodes distinct from those of other files.
     */
    List<GeometryStatement> scan(Path file, boolean quads, String scope) {
        // as FeatureReader tells the syntax from the name: whatever the case of the extension
        boolean gzip = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InterlinkException(file + ": " + e.getMessage(), e);
        }
        int ranges = gzip ? 1 : (int) Math.max(1, Math.min(maxRanges, size / minRangeBytes));
        long step = size / ranges + 1;
        Range[] results = new Range[ranges];
        IntStream.range(0, ranges).parallel().forEach(i -> results[i] = scanRange(file, gzip, quads, scope,
                i * step, gzip ? Long.MAX_VALUE : Math.min(size, (i + 1) * step)));
        List<GeometryStatement> all = new ArrayList<>();
        long linesBefore = 0;
        for (Range r : results) {
            for (Problem w : r.warnings) {
                LOG.warn("{}{}: {}", file, w.line > 0 ? ": line " + (linesBefore + w.line) : "", w.message);
            }
            if (r.error != null) {
                throw new InterlinkException(file + (r.error.line > 0 ? ": line " + (linesBefore + r.error.line) : "")
                        + (r.error.column > 0 ? ", column " + r.error.column : "") + ": " + r.error.message);
            }
            all.addAll(r.statements);
            linesBefore += r.lines;
        }
        return all;
    }

    /** What one range found: its statements, its line count, the first error (with range-local line) and warnings. */
    private record Range(List<GeometryStatement> statements, long lines, Problem error, List<Problem> warnings) {
    }

    private record Problem(long line, long column, String message) {
    }

    /** Reads the lines that start in [start, end): the line containing start - 1 belongs to the range before. */
    private Range scanRange(Path file, boolean gzip, boolean quads, String scope, long start, long end) {
        List<GeometryStatement> found = new ArrayList<>();
        Batch batch = new Batch(quads, scope, found);
        try (InputStream in = open(file, gzip, Math.max(0, start - 1))) {
            Lines lines = new Lines(in);
            long position = 0;
            if (start > 0) {
                position = start - 1;
                if (lines.next()) {
                    position += lines.consumed;
                }
            }
            long lineNo = 0;
            while (position < end && lines.next()) {
                lineNo++;
                position += lines.consumed;
                if (needed(lines.buf, lines.length)) {
                    batch.add(lines.buf, lines.length, lineNo);
                    if (batch.size > BATCH_BYTES) {
                        batch.parse();
                    }
                }
            }
            batch.parse();
            return new Range(found, lineNo, null, batch.warnings);
        } catch (BatchError e) {
            return new Range(found, 0, e.problem, batch.warnings);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file, boolean gzip, long position) throws IOException {
        if (gzip) {
            return new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(position);
        return Channels.newInputStream(channel);
    }

    /**
     * Whether a line must be parsed: its predicate is one of the three, or the line does not have the shape
     * {@code <iri>|_:label  <iri> ...} (RIOT then reports it), or the predicate has an escape that may hide one
     * of the three. Blank lines and comments are not.
     */
    static boolean needed(byte[] b, int length) {
        int i = skipSpace(b, 0, length);
        if (i == length || b[i] == '#') {
            return false;
        }
        if (b[i] == '<') {
            i = indexOf(b, (byte) '>', i + 1, length);
            if (i < 0) {
                return true;
            }
            i++;
        } else if (b[i] == '_') {
            while (i < length && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
        } else {
            return true;
        }
        i = skipSpace(b, i, length);
        if (i == length || b[i] != '<') {
            return true;
        }
        int close = indexOf(b, (byte) '>', i + 1, length);
        if (close < 0) {
            return true;
        }
        int n = close - i + 1;
        for (byte[] p : PREDICATES) {
            if (n == p.length && Arrays.equals(b, i, close + 1, p, 0, n)) {
                return true;
            }
        }
        return indexOf(b, (byte) '\\', i, close) >= 0;
    }

    private static int skipSpace(byte[] b, int i, int length) {
        while (i < length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] iri(String uri) {
        return ("<" + uri + ">").getBytes(StandardCharsets.US_ASCII);
    }

    /** The lines of a stream, one at a time, in a buffer that grows to the longest line. */
    private static final class Lines {
        private final InputStream in;
        private byte[] input = new byte[1 << 16];
        private int inputPos;
        private int inputEnd;
        byte[] buf = new byte[1 << 12];
        int length;
        /** Bytes the last line took in the stream, its line end included. */
        int consumed;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Reads the next line (without its '\n') into buf; false at the end of the stream. */
        boolean next() throws IOException {
            length = 0;
            consumed = 0;
            while (true) {
                if (inputPos == inputEnd) {
                    inputEnd = in.read(input, 0, input.length);
                    inputPos = 0;
                    if (inputEnd <= 0) {
                        inputEnd = 0;
                        return consumed > 0;
                    }
                }
                int nl = indexOf(input, (byte) '\n', inputPos, inputEnd);
                int stop = nl < 0 ? inputEnd : nl;
                append(stop - inputPos);
                consumed += stop - inputPos;
                inputPos = stop;
                if (nl >= 0) {
                    inputPos++;
                    consumed++;
                    return true;
                }
            }
        }

        private void append(int n) {
            if (length + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
            }
            System.arraycopy(input, inputPos, buf, length, n);
            length += n;
        }
    }

    /** Lines waiting to be parsed, with the range-local number of each, and their parser. */
    private static final class Batch {
        private final boolean quads;
        private final String scope;
        private final List<GeometryStatement> found;
        final List<Problem> warnings = new ArrayList<>();
        private byte[] bytes = new byte[1 << 16];
        int size;
        private long[] lineNumbers = new long[1024];
        private int[] lineStarts = new int[1024];
        private int lines;

        Batch(boolean quads, String scope, List<GeometryStatement> found) {
            this.quads = quads;
            this.scope = scope;
            this.found = found;
        }

        /** Reads a plain line at once (after the lines waiting for RIOT, to keep file order), else queues it. */
        void add(byte[] line, int length, long lineNo) {
            NTriplesLine.Line t = NTriplesLine.parse(line, length, quads, scope);
            if (t != null) {
                parse();
                GeometryStatement s = GeometryStatement.of(t);
                if (s != null) {
                    found.add(s);
                }
                return;
            }
            if (size + length + 1 > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length + 1));
            }
            if (lines == lineNumbers.length) {
                lineNumbers = Arrays.copyOf(lineNumbers, lines * 2);
                lineStarts = Arrays.copyOf(lineStarts, lines * 2);
            }
            lineNumbers[lines] = lineNo;
            lineStarts[lines++] = size;
            System.arraycopy(line, 0, bytes, size, length);
            size += length;
            bytes[size++] = '\n';
        }

        void parse() {
            if (lines == 0) {
                return;
            }
            try {
                parse(0, size, found);
            } catch (BatchError e) {
                throw new BatchError(locate(e.problem));
            }
            size = 0;
            lines = 0;
        }

        private void parse(int from, int to, List<GeometryStatement> into) {
            StreamRDFBase sink = new StreamRDFBase() {
                @Override
                public void triple(Triple t) {
                    GeometryStatement s = GeometryStatement.of(t, scope);
                    if (s != null) {
                        into.add(s);
                    }
                }

                @Override
                public void quad(Quad q) {
                    triple(q.asTriple());
                }
            };
            try {
                RDFParser.source(new ByteArrayInputStream(bytes, from, to - from)).lang(quads ? Lang.NQUADS : Lang.NTRIPLES)
                        .labelToNode(LabelToNode.createUseLabelAsGiven()).errorHandler(new Errors()).parse(sink);
            } catch (BatchError e) {
                throw e;
            } catch (RiotException e) {
                throw new BatchError(new Problem(-1, -1, e.getMessage()));
            }
        }

        /**
         * The range-local line of an error RIOT reported at a line of the batch: the tokenizer may report an error
         * at the start of the next line (a string broken by its line end), so the reported line and the one
         * before it are parsed alone, and the first that fails is the one.
         */
        private Problem locate(Problem atBatchLine) {
            long reported = atBatchLine.line;
            for (long k = Math.max(1, reported - 1); k <= Math.min(reported, lines); k++) {
                int i = (int) k - 1;
                int end = i + 1 < lines ? lineStarts[i + 1] : size;
                try {
                    parse(lineStarts[i], end, new ArrayList<>());
                } catch (BatchError e) {
                    return new Problem(lineNumbers[i], e.problem.column, e.problem.message);
                }
            }
            long line = reported >= 1 && reported <= lines ? lineNumbers[(int) reported - 1] : -1;
            return new Problem(line, atBatchLine.column, atBatchLine.message);
        }

        /** Errors carry RIOT's line numbers, those of the batch (or of the one line parsed). */
        private final class Errors implements ErrorHandler {
            @Override
            public void warning(String message, long line, long col) {
                if (warnings.size() < MAX_WARNINGS) {
                    long l = line >= 1 && line <= lines ? lineNumbers[(int) line - 1] : -1;
                    warnings.add(new Problem(l, col, message));
                }
            }

            @Override
            public void error(String message, long line, long col) {
                throw new BatchError(new Problem(line, col, message));
            }

            @Override
            public void fatal(String message, long line, long col) {
                error(message, line, col);
            }
        }
    }

    /** A parse error in a batch, carrying the range-local line. */
    private static final class BatchError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        BatchError(Problem problem) {
            super(problem.message, null, false, false);
            this.problem = problem;
        }
    }
}
