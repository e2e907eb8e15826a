package dev.floe.triplify.rml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.floe.triplify.InputFile;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.csv.CsvSource;

/**
 * Records of a CSV (or TSV, by its extension) file under rml:CSV: one per row, streamed with Jackson's CSV parser;
 * references name columns and give string literals (an empty cell gives none), as in R2RML.
 */
final class CsvRowSource implements RecordSource {

    private final Mapping.LogicalSource source;
    private final RecordContext context;

    CsvRowSource(Mapping.LogicalSource source, RecordContext context) {
        this.source = source;
        this.context = context;
    }

    @Override
    public void read(Handler handler) {
        Path file = source.existingFile();
        context.file(file);
        handler.schema(CsvSource.header(file));
        boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "").endsWith(".tsv");
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(tsv ? '\t' : ',');
        try (InputStream in = InputFile.open(file);
             MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(schema).readValues(in)) {
            while (rows.hasNextValue()) {
                long line = rows.getCurrentLocation().getLineNr();
                Map<String, String> row = rows.nextValue();
                context.recordRead();
                String where = "line " + line;
                handler.record(new SourceRecord() {
                    @Override
                    public List<Node> values(String reference) {
                        String v = row.get(reference);
                        if (v == null) {
                            return row.containsKey(reference) ? List.of() : null;
                        }
                        return v.isEmpty() ? List.of() : List.of(NodeFactory.createLiteralString(v));
                    }

                    @Override
                    public String where() {
                        return where;
                    }
                });
            }
        } catch (JsonProcessingException e) {
            throw new TriplifyException(file, e.getLocation() == null ? null : "line " + e.getLocation().getLineNr(),
                    "malformed CSV: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw InputFile.unreadable(file, e);
        }
    }
}
