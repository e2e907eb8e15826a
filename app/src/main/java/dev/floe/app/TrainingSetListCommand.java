package dev.floe.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;

import dev.floe.store.GeoStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe trainingset list}: the training sets a store records, found by SPARQL. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the training sets a store records (name, samples, created, IRI).")
final class TrainingSetListCommand implements Callable<Integer> {

    static final String QUERY = """
            PREFIX floe: <https://w3id.org/floe/ontology#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?set ?name ?samples ?created WHERE {
              ?set a floe:TrainingSet ; rdfs:label ?name ; floe:sampleCount ?samples ; prov:generatedAtTime ?created
            } ORDER BY ?name""";

    @ParentCommand
    TrainingSetCommand parent;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Override
    public Integer call() {
        Stores.existing("--store", store);
        try (GeoStore geoStore = GeoStore.open(store)) {
            Txn.executeRead(geoStore.dataset(), () -> {
                try (QueryExecution qe = QueryExecution.dataset(geoStore.dataset()).query(QUERY).build()) {
                    qe.execSelect().forEachRemaining(s -> parent.floe.out().printf("%s\t%d samples\t%s\t%s%n",
                            s.getLiteral("name").getString(), s.getLiteral("samples").getLong(),
                            s.getLiteral("created").getLexicalForm(), s.getResource("set").getURI()));
                }
            });
        }
        return 0;
    }
}
