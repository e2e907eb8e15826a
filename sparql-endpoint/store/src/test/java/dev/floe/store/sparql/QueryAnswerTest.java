package dev.floe.store.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.store.GeoStore;
import dev.floe.store.StoreFixtures;

import dev.floe.sparql.QueryAnswer;
import dev.floe.sparql.ResultFormat;

class QueryAnswerTest {

    private static final String PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX ex: <https://example.org/> ";
    private static final String ROME_AND_PARIS = PREFIXES + "SELECT ?label ?wkt WHERE { ?f rdfs:label ?label ; "
            + "geo:hasGeometry/geo:asWKT ?wkt FILTER(?label IN (\"Rome\", \"Paris\")) } ORDER BY ?label";

    @TempDir
    Path dir;
    private GeoStore store;

    @BeforeEach
    void load() {
        store = GeoStore.open(dir.resolve("store"));
        store.load(List.of(StoreFixtures.places()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void selectIsWrittenAsCsvAndCountsItsSolutions() {
        long[] rows = new long[1];
        String csv = answer(ROME_AND_PARIS, a -> out -> rows[0] = a.write(out, ResultFormat.CSV, null));
        assertEquals("label,wkt\r\nParis,POINT (2.33138946713035 48.86863878981461)\r\n"
                + "Rome,POINT (12.481312562873995 41.89790148509894)\r\n", csv);
        assertEquals(2, rows[0]);
    }

    @Test
    void selectIsWrittenAsTsvWithItsTerms() {
        String tsv = answer(ROME_AND_PARIS, a -> out -> a.write(out, ResultFormat.TSV, null));
        assertEquals("?label\t?wkt\n\"Paris\"\t\"POINT (2.33138946713035 48.86863878981461)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral>\n"
                + "\"Rome\"\t\"POINT (12.481312562873995 41.89790148509894)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral>\n", tsv);
    }

    @Test
    void selectIsWrittenAsGeoJsonWithTheGeometryOfEachSolution() {
        String geojson = answer(ROME_AND_PARIS, a -> out -> a.write(out, ResultFormat.GEOJSON, null));
        assertEquals("{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[2.33138946713035,48.86863878981461]},"
                + "\"properties\":{\"label\":\"Paris\"}},"
                + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[12.481312562873995,41.89790148509894]},"
                + "\"properties\":{\"label\":\"Rome\"}}]}", geojson);
    }

    @Test
    void selectIsWrittenAsATextTableWithThePrefixesOfTheQuery() {
        String table = answer(PREFIXES + "SELECT ?f WHERE { ?f rdfs:label \"Oslo\" }", a -> out -> a.writeTable(out,
                QueryFactory.create(PREFIXES + "SELECT * {}")));
        assertEquals("""
                -----------
                | f       |
                ===========
                | ex:oslo |
                -----------
                """, table);
    }

    @Test
    void askIsWrittenAsCsvAndAsALineOfText() {
        String ask = PREFIXES + "ASK { ex:rome rdfs:label \"Rome\" }";
        long[] rows = new long[1];
        assertEquals("_askResult\r\ntrue\r\n", answer(ask, a -> out -> rows[0] = a.write(out, ResultFormat.CSV, null)));
        assertEquals(1, rows[0]);
        assertEquals("true\n", answer(ask, a -> out -> a.writeTable(out, null)));
    }

    @Test
    void constructIsWrittenAsNTriplesAndCountsItsTriples() {
        long[] rows = new long[1];
        String nt = answer(PREFIXES + "CONSTRUCT { ?f rdfs:label ?l } WHERE { ?f rdfs:label ?l FILTER(?l = \"Oslo\") }",
                a -> out -> rows[0] = a.write(out, ResultFormat.NTRIPLES, null));
        assertEquals("<https://example.org/oslo> <http://www.w3.org/2000/01/rdf-schema#label> \"Oslo\" .\n", nt);
        assertEquals(1, rows[0]);
    }

    @Test
    void aFormatThatDoesNotFitTheQueryFormIsRefused() {
        IllegalArgumentException select = assertThrows(IllegalArgumentException.class,
                () -> answer(ROME_AND_PARIS, a -> out -> a.write(out, ResultFormat.TURTLE, null)));
        assertEquals("the answer of a SELECT query cannot be written as text/turtle; use one of "
                + "[json, srj, xml, srx, csv, tsv, geojson]", select.getMessage());
        IllegalArgumentException ask = assertThrows(IllegalArgumentException.class,
                () -> answer(PREFIXES + "ASK {}", a -> out -> a.write(out, ResultFormat.GEOJSON, null)));
        assertEquals("GeoJSON results are for SELECT queries", ask.getMessage());
    }

    /** Runs the query on the store and returns what {@code writer} wrote of its answer. */
    private String answer(String text, Function<QueryAnswer, java.util.function.Consumer<ByteArrayOutputStream>> writer) {
        Query query = QueryFactory.create(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Txn.executeRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query).build()) {
                writer.apply(QueryAnswer.execute(query, qe)).accept(out);
            }
        });
        return out.toString(StandardCharsets.UTF_8);
    }
}
