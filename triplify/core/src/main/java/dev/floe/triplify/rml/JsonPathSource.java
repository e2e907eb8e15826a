package dev.floe.triplify.rml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.graph.Node;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import dev.floe.triplify.InputFile;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;

/**
 * Records of a JSON file under rml:JSONPath: the nodes the iterator selects, references evaluated as JSONPath
 * relative to each (Jayway JsonPath over Jackson trees). An iterator that is a plain member path ending in
 * {@code [*]} (such as {@code $.features[*]} or {@code $[*]}) is streamed, one record in memory at a time; any
 * other iterator reads the whole document first, so its memory grows with the file. References that are plain
 * member names ({@code name}, {@code properties.name}, {@code $.properties.name}) are looked up directly.
 */
final class JsonPathSource implements RecordSource {

    private static final Pattern STREAMABLE = Pattern.compile("\\$((?:\\.[A-Za-z_][\\w-]*|\\['[^']+'\\])*)\\[\\*\\]");
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z_][\\w-]*)|\\['([^']+)'\\]");
    private static final Pattern SIMPLE_REFERENCE = Pattern.compile("(\\$\\.)?@?[A-Za-z_][\\w-]*(\\.@?[A-Za-z_][\\w-]*)*");
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider()).mappingProvider(new JacksonMappingProvider()).build();

    private final Mapping.LogicalSource source;
    private final RecordContext context;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Object> compiled = new HashMap<>();

    JsonPathSource(Mapping.LogicalSource source, RecordContext context) {
        this.source = source;
        this.context = context;
    }

    @Override
    public void read(Handler handler) {
        Path file = source.existingFile();
        context.file(file);
        handler.schema(null);
        String iterator = source.iterator() == null ? "$" : source.iterator();
        Matcher m = STREAMABLE.matcher(iterator);
        try (InputStream in = InputFile.open(file);
             JsonParser parser = mapper.getFactory().createParser(in)) {
            if (m.matches()) {
                List<String> path = new ArrayList<>();
                Matcher s = SEGMENT.matcher(m.group(1));
                while (s.find()) {
                    path.add(s.group(1) != null ? s.group(1) : s.group(2));
                }
                stream(file, parser, path, iterator, handler);
            } else {
                JsonNode document = mapper.readTree(parser);
                Object selected;
                try {
                    selected = JsonPath.using(JSON_PATH).parse(document).read(iterator);
                } catch (InvalidPathException e) {
                    throw new TriplifyException(file, null, "bad rml:iterator \"" + iterator + "\": " + e.getMessage(), e);
                }
                JsonNode nodes = (JsonNode) selected;
                if (nodes.isArray() && !JsonPath.isPathDefinite(iterator)) {
                    int i = 0;
                    for (JsonNode n : nodes) {
                        emit(n, iterator + " #" + i++, handler);
                    }
                } else {
                    emit(nodes, iterator, handler);
                }
            }
        } catch (PathNotFoundException e) {
            // the iterator selects nothing: no records
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new TriplifyException(file, loc == null ? null : "line " + loc.getLineNr() + ", column " + loc.getColumnNr(),
                    "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw InputFile.unreadable(file, e);
        }
    }

    /** Walks down the member path and streams the array's elements. */
    private void stream(Path file, JsonParser parser, List<String> path, String iterator, Handler handler) throws IOException {
        if (parser.nextToken() == null) {
            throw new TriplifyException(file, null, "empty file, expected JSON");
        }
        for (String member : path) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return; // the path does not exist: no records
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(member)) {
                    found = true;
                    break;
                }
                parser.skipChildren();
            }
            if (!found) {
                return;
            }
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return;
        }
        String prefix = iterator.substring(0, iterator.length() - 3);
        long i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode record = mapper.readTree(parser);
            emit(record, prefix + "[" + i++ + "]", handler);
        }
    }

    private void emit(JsonNode record, String where, Handler handler) {
        context.recordRead();
        handler.record(new JsonRecord(record, where));
    }

    private final class JsonRecord implements SourceRecord {
        private final JsonNode node;
        private final String where;

        JsonRecord(JsonNode node, String where) {
            this.node = node;
            this.where = where;
        }

        @Override
        public List<Node> values(String reference) {
            if (SIMPLE_REFERENCE.matcher(reference).matches()) {
                JsonNode v = node;
                String path = reference.startsWith("$.") ? reference.substring(2) : reference;
                for (String member : path.split("\\.")) {
                    v = v.isObject() ? v.get(member) : null;
                    if (v == null) {
                        return null;
                    }
                }
                return NaturalTerms.of(v);
            }
            Object path = compiled.computeIfAbsent(reference, r -> {
                try {
                    return JsonPath.compile(r.startsWith("$") || r.startsWith("@") ? r : "$." + r);
                } catch (InvalidPathException e) {
                    return e;
                }
            });
            if (path instanceof InvalidPathException e) {
                throw new TriplifyException(source.file(), where, "bad JSONPath reference \"" + reference + "\": " + e.getMessage(), e);
            }
            try {
                JsonNode v = JsonPath.using(JSON_PATH).parse(node).read((JsonPath) path);
                return NaturalTerms.of(v);
            } catch (PathNotFoundException e) {
                return null;
            }
        }

        @Override
        public String where() {
            return where;
        }
    }
}
