package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ontology.FloeOntology;
import dev.floe.store.GeoStore;

class DriftReportRdfTest {

    static final String VERSION = "https://w3id.org/floe/data/model/land-cover/version/1";

    static WindowReport window(boolean drifted) {
        return window(drifted, Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-07T10:05:00.250Z"));
    }

    static WindowReport window(boolean drifted, Instant start, Instant end) {
        DriftReport report = new DriftReport(500, drifted, drifted ? List.of("B04.p95") : List.of(), List.of(
                new DriftReport.Test("ks", "B04.p95", 0.31, 0.12, drifted, 1e-20, true),
                new DriftReport.Test("psi", "B04.p95", 0.05, 0.08, false, null, false)));
        return new WindowReport("land-cover", 1, VERSION, start, end, report);
    }

    @Test
    void writesOneReportWithATestPerStatisticAndFeature() {
        Model expected = ModelFactory.createDefaultModel().read(new StringReader("""
                @prefix floe: <https://w3id.org/floe/ontology#> .
                @prefix prov: <http://www.w3.org/ns/prov#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                @prefix r: <https://w3id.org/floe/data/drift/land-cover/1/1796637600000-1796637900250-500/> .
                <https://w3id.org/floe/data/drift/land-cover/1/1796637600000-1796637900250-500> a floe:DriftReport, prov:Entity ;
                    floe:monitoredVersion <https://w3id.org/floe/data/model/land-cover/version/1> ;
                    floe:windowStart "2026-12-07T10:00:00Z"^^xsd:dateTime ;
                    floe:windowEnd "2026-12-07T10:05:00.250Z"^^xsd:dateTime ;
                    floe:windowSize 500 ;
                    floe:drifted true ;
                    floe:driftedFeature "B04.p95" ;
                    floe:driftTest r:ks\\/B04.p95, r:psi\\/B04.p95 .
                <https://w3id.org/floe/data/drift/land-cover/1/1796637600000-1796637900250-500/ks/B04.p95> a floe:DriftTest ;
                    floe:statistic "ks" ; floe:feature "B04.p95" ; floe:statisticValue "0.31"^^xsd:double ;
                    floe:threshold "0.12"^^xsd:double ; floe:drifted true ; floe:pValue "1.0E-20"^^xsd:double .
                <https://w3id.org/floe/data/drift/land-cover/1/1796637600000-1796637900250-500/psi/B04.p95> a floe:DriftTest ;
                    floe:statistic "psi" ; floe:feature "B04.p95" ; floe:statisticValue "0.05"^^xsd:double ;
                    floe:threshold "0.08"^^xsd:double ; floe:drifted false .
                """), null, "TTL");
        Model written = DriftReportRdf.model(window(true));
        assertTrue(expected.isIsomorphicWith(written), () -> {
            java.io.StringWriter w = new java.io.StringWriter();
            written.write(w, "TTL");
            return w.toString();
        });
    }

    @Test
    void everyReportConformsToTheOntologysShapes() {
        Model data = DriftReportRdf.model(window(true)).add(DriftReportRdf.model(window(false,
                Instant.parse("2026-12-07T10:05:01Z"), Instant.parse("2026-12-07T10:09:00Z"))));
        var report = FloeOntology.load().validate(data.getGraph());
        assertTrue(report.conforms(), () -> report.getEntries().toString());
    }

    @Test
    void checkingTheSameWindowAgainReplacesItsReport(@TempDir Path dir) {
        try (GeoStore store = GeoStore.open(dir.resolve("store"))) {
            DriftReportRdf.write(store, window(true));
            DriftReportRdf.write(store, window(false));
            String q = """
                    PREFIX floe: <https://w3id.org/floe/ontology#>
                    SELECT (COUNT(DISTINCT ?r) AS ?reports) (COUNT(?t) AS ?tests) (SUM(IF(?d, 1, 0)) AS ?drifted)
                    WHERE { ?r a floe:DriftReport ; floe:drifted ?d ; floe:driftTest ?t }""";
            Txn.executeRead(store.dataset(), () -> {
                try (QueryExecution e = QueryExecution.dataset(store.dataset()).query(q).build()) {
                    var row = e.execSelect().next();
                    assertEquals(1, row.getLiteral("reports").getInt());
                    assertEquals(2, row.getLiteral("tests").getInt());
                    assertEquals(0, row.getLiteral("drifted").getInt());
                }
            });
        }
    }
}
