package dev.floe.ml.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.ml.MlDataException;
import dev.floe.ml.TrainedRuns;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.store.GeoStore;

/** The registry on a real TDB2 store with two tiny trained runs; the tests run in order, each building on the last. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelRegistryTest {

    GeoStore store;
    RunRecord runA;
    RunRecord runB;
    ModelRegistry registry;
    int changes;

    @BeforeAll
    void train(@TempDir Path dir) throws IOException {
        store = TrainedRuns.storeWithSet(dir);
        runA = TrainedRuns.train(store, 7);
        runB = TrainedRuns.train(store, 8);
        registry = new ModelRegistry(store);
        registry.onChange(() -> changes++);
    }

    @AfterAll
    void close() {
        store.close();
    }

    private String selectOne(String sparql) {
        return Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(sparql).build()) {
                var rs = qe.execSelect();
                if (!rs.hasNext()) {
                    return null;
                }
                var node = rs.next().get(rs.getResultVars().get(0));
                return node.isLiteral() ? node.asLiteral().getLexicalForm() : node.toString();
            }
        });
    }

    @Test
    @Order(1)
    void registeringARunMakesVersionOneWithItsFilesShaClassesAndShape() throws IOException {
        ModelVersion v = registry.register("icebergs", runA.id(), "ana");
        assertEquals(1, v.version());
        assertEquals("https://w3id.org/floe/data/model/icebergs/version/1", v.iri());
        assertEquals(List.of("iceberg", "ship"), v.classes());
        assertEquals(List.of(2, 8, 8), List.of(v.channels(), v.height(), v.width()));
        assertEquals(1, v.extras().size(), "the incidence angle");
        assertEquals(runA.id(), v.runId());
        assertEquals("ana", v.registeredBy());
        Path folder = store.directory().resolve("models/icebergs/1");
        assertEquals(folder, v.folder());
        for (String f : List.of("model.zip", "standardiser.json", "version.json")) {
            assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        }
        Path runModel = store.directory().resolve("experiments").resolve(runA.id()).resolve("model.zip");
        assertEquals(Digests.sha256(runModel), v.sha256());
        assertEquals(64, v.sha256().length());
        assertEquals(1, changes);
        assertEquals("1", selectOne("""
                PREFIX floe: <https://w3id.org/floe/ontology#>
                SELECT ?n WHERE { ?v a floe:ModelVersion ; floe:versionOf <https://w3id.org/floe/data/model/icebergs> ;
                  floe:versionNumber ?n ; floe:sha256 "%s" ;
                  <http://www.w3.org/ns/prov#wasGeneratedBy> <%s> }""".formatted(v.sha256(), runA.iri())));
        assertEquals("ship", selectOne("""
                PREFIX floe: <https://w3id.org/floe/ontology#>
                PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
                SELECT ?c WHERE { <https://w3id.org/floe/data/model/icebergs/version/1> floe:outputClasses/rdf:rest/rdf:first ?c }"""));
    }

    @Test
    @Order(2)
    void versionsAreNumberedInOrderAndTheDefaultIsTheLatestWithoutAChampion() {
        assertEquals(2, registry.register("icebergs", runB.id(), "ana").version());
        assertEquals(List.of(1L, 2L), registry.versions("icebergs").stream().map(ModelVersion::version).toList());
        assertEquals(List.of("icebergs"), registry.models());
        assertEquals(2, registry.resolve(ModelSelector.of("icebergs")).version());
        assertEquals(1, registry.resolve(ModelSelector.version("icebergs", 1)).version());
    }

    @Test
    @Order(3)
    void aliasesMoveWithAnAppendOnlyHistoryAndTheChampionIsTheDefault() throws InterruptedException {
        AliasChange first = registry.setAlias("icebergs", "champion", 1, "ana");
        assertNull(first.from());
        assertEquals(1L, first.to());
        Thread.sleep(5);
        assertNull(registry.setAlias("icebergs", "champion", 1, "ana"), "pointing an alias where it points changes nothing");
        registry.setAlias("icebergs", "challenger", 2, "ben");
        Thread.sleep(5);
        AliasChange promoted = registry.setAlias("icebergs", "champion", 2, "ben");
        assertEquals(1L, promoted.from());
        assertEquals(2L, promoted.to());
        assertEquals(Map.of("champion", 2L, "challenger", 2L), registry.aliases("icebergs"));
        assertEquals(2, registry.resolve(ModelSelector.of("icebergs")).version());
        Thread.sleep(5);
        registry.setAlias("icebergs", "champion", 1, "cem");
        assertEquals(1, registry.resolve(ModelSelector.of("icebergs")).version(), "the champion, not the latest");
        assertEquals(1, registry.resolve(ModelSelector.alias("icebergs", "champion")).version());
        List<AliasChange> history = registry.history("icebergs");
        assertEquals(List.of("champion:null->1:ana", "challenger:null->2:ben", "champion:1->2:ben", "champion:2->1:cem"),
                history.stream().map(c -> c.alias() + ":" + c.from() + "->" + c.to() + ":" + c.by()).toList());
    }

    @Test
    @Order(4)
    void whichVersionWasTheChampionAtATimeIsOneQuery() {
        List<AliasChange> history = registry.history("icebergs");
        String betweenPromotionAndRollback = history.get(2).at();
        String query = """
                PREFIX floe: <https://w3id.org/floe/ontology#>
                PREFIX prov: <http://www.w3.org/ns/prov#>
                PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
                SELECT ?version WHERE {
                  ?c a floe:AliasChange ; floe:ofModel <https://w3id.org/floe/data/model/icebergs> ;
                     floe:aliasName "champion" ; prov:endedAtTime ?t .
                  OPTIONAL { ?c floe:toVersion ?version }
                  FILTER (?t <= "%s"^^xsd:dateTime)
                } ORDER BY DESC(?t) LIMIT 1""";
        assertEquals("https://w3id.org/floe/data/model/icebergs/version/2", selectOne(query.formatted(betweenPromotionAndRollback)));
        assertEquals("https://w3id.org/floe/data/model/icebergs/version/1", selectOne(query.formatted(history.get(0).at())));
        assertNull(selectOne(query.formatted("2000-01-01T00:00:00Z")));
    }

    @Test
    @Order(5)
    void removingAnAliasIsRecordedAndTheDefaultFallsBackToTheLatest() {
        AliasChange removed = registry.removeAlias("icebergs", "champion", "ana");
        assertEquals(1L, removed.from());
        assertNull(removed.to());
        assertFalse(registry.aliases("icebergs").containsKey("champion"));
        assertEquals(2, registry.resolve(ModelSelector.of("icebergs")).version());
        assertEquals(5, registry.history("icebergs").size());
    }

    @Test
    @Order(6)
    void unknownModelsVersionsAndLabelsAreNotFound() {
        assertEquals(ServingException.Kind.NOT_FOUND,
                assertThrows(ServingException.class, () -> registry.resolve(ModelSelector.of("penguins"))).kind());
        ServingException v = assertThrows(ServingException.class, () -> registry.resolve(ModelSelector.version("icebergs", 9)));
        assertEquals("model icebergs has no version 9 (versions [1, 2])", v.getMessage());
        ServingException l = assertThrows(ServingException.class, () -> registry.resolve(ModelSelector.alias("icebergs", "gold")));
        assertEquals("model icebergs has no label gold (labels: challenger)", l.getMessage());
    }

    @Test
    @Order(7)
    void badNamesAndAliasesAreRefusedAndLeaveNothingBehind() throws IOException {
        assertThrows(MlDataException.class, () -> registry.register("ice bergs", runA.id(), "ana"));
        assertThrows(MlDataException.class, () -> registry.register("../x", runA.id(), "ana"));
        MlDataException run = assertThrows(MlDataException.class, () -> registry.register("icebergs", "no-such-run", "ana"));
        assertTrue(run.getMessage().contains("no run no-such-run"), run.getMessage());
        assertEquals("alias 42: an alias must not be a number (it would read as a version)",
                assertThrows(MlDataException.class, () -> registry.setAlias("icebergs", "42", 1, "ana")).getMessage());
        assertEquals("model icebergs has no version 3 (versions [1, 2])",
                assertThrows(MlDataException.class, () -> registry.setAlias("icebergs", "champion", 3, "ana")).getMessage());
        assertEquals("no registered model called penguins (floe models list shows them)",
                assertThrows(MlDataException.class, () -> registry.setAlias("penguins", "champion", 1, "ana")).getMessage());
        try (var left = Files.list(store.directory().resolve("models"))) {
            assertEquals(List.of("icebergs"), left.map(p -> p.getFileName().toString()).toList(), "no staging folder left");
        }
        assertEquals(2, registry.versions("icebergs").size());
    }
}
