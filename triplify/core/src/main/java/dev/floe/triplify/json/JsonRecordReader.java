package dev.floe.triplify.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.triplify.InputFile;
import dev.floe.triplify.TriplifyException;

/**
 * Streams the records of a JSON geodata file with Jackson's streaming parser, so that files larger than
 * the heap are read in constant memory (one record at a time):
 * <ul>
 * <li>a FeatureCollection: each element of {@code features} is a record ({@code $.features[i]}), in any
 *     member order; the other members are handed over afterwards as the document;</li>
 * <li>a top-level array: each element is a record ({@code $[i]});</li>
 * <li>any other object (a Feature, STAC Item, Collection or Catalog): the whole object is the document.</li>
 * </ul>
 * <li>a GeoJSON sequence ({@code .geojsons}, {@code .geojsonl}, {@code .jsonl}, {@code .ndjson}: one JSON text
 *     after another, usually one per line, RFC 8142's record separators allowed): each text is a record
 *     ({@code line N}).</li>
 * A {@code .gz} file is decompressed on the fly. Syntax errors name the file, line and column.
 */
public final class JsonRecordReader {

    /** Receives records and the document; may throw {@link TriplifyException}. */
    public interface Handler {
        /** One streamed record, with its JSON path. */
        void record(JsonNode record, String path);

        /**
         * The document: the whole object when it was not streamed, or the FeatureCollection's other
         * members when {@code streamedFeatures} is true; null for a top-level array.
         */
        void document(ObjectNode document, boolean streamedFeatures);

        /** Progress, called every {@link #PROGRESS_EVERY} records with the bytes consumed so far. */
        default void progress(long records, long bytesRead) {
        }
    }

    /** How often {@link Handler#progress} is called, in records. */
    public static final int PROGRESS_EVERY = 2000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = mapper.getFactory();

    /** Whether a file name is a GeoJSON/JSON sequence (one JSON text per record). */
    public static boolean isSequence(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replaceAll("\\.gz$", "");
        return n.endsWith(".geojsons") || n.endsWith(".geojsonl") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    public void read(Path file, Handler handler) {
        try (InputStream unzipped = InputFile.open(file);
             InputStream in = isSequence(file) ? new RecordSeparatorsAsSpace(unzipped) : unzipped;
             JsonParser parser = factory.createParser(in)) {
            if (isSequence(file)) {
                readSequence(file, parser, handler);
                return;
            }
            read(file, parser, handler);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? null : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new TriplifyException(file, at, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw InputFile.unreadable(file, e);
        }
    }

    private void read(Path file, JsonParser parser, Handler handler) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new TriplifyException(file, null, "empty file, expected a GeoJSON or STAC JSON document");
        }
        if (first == JsonToken.START_ARRAY) {
            streamArray(parser, "$", handler);
            handler.document(null, false);
        } else if (first == JsonToken.START_OBJECT) {
            ObjectNode document = mapper.createObjectNode();
            boolean streamed = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("features".equals(name) && value == JsonToken.START_ARRAY) {
                    streamArray(parser, "$.features", handler);
                    streamed = true;
                } else {
                    document.set(name, mapper.readTree(parser));
                }
            }
            handler.document(document, streamed);
        } else {
            throw new TriplifyException(file, at(parser), "expected a JSON object or array, found " + first);
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new TriplifyException(file, at(parser), "unexpected content after the JSON document ("
                    + trailing + "); one file holds one GeoJSON or STAC document");
        }
    }

    private void readSequence(Path file, JsonParser parser, Handler handler) throws IOException {
        long i = 0;
        while (parser.nextToken() != null) {
            long line = parser.currentLocation().getLineNr();
            JsonNode record = mapper.readTree(parser);
            handler.record(record, "line " + line);
            i++;
            if (i % PROGRESS_EVERY == 0) {
                handler.progress(i, parser.currentLocation().getByteOffset());
            }
        }
        handler.document(null, false);
    }

    /** RFC 8142 puts an ASCII record separator (0x1E) before each text; JSON parsers want whitespace there. */
    private static final class RecordSeparatorsAsSpace extends java.io.FilterInputStream {
        RecordSeparatorsAsSpace(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            return c == 0x1E ? ' ' : c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int k = off; k < off + n; k++) {
                if (b[k] == 0x1E) {
                    b[k] = ' ';
                }
            }
            return n;
        }
    }

    private void streamArray(JsonParser parser, String path, Handler handler) throws IOException {
        long i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode record = mapper.readTree(parser);
            handler.record(record, path + "[" + i + "]");
            i++;
            if (i % PROGRESS_EVERY == 0) {
                handler.progress(i, parser.currentLocation().getByteOffset());
            }
        }
    }

    private static String at(JsonParser parser) {
        JsonLocation loc = parser.currentLocation();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
