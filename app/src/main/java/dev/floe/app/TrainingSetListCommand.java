package dev.floe.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSet;
import org.apache.jena.system.Txn;

import dev.floe.store.GeoStore;
import dev.floe.store.sparql.RemoteEndpointException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    /** How long the listing waits for a server's answer. */
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(60);

    @ParentCommand
    TrainingSetCommand parent;

    @Option(names = "--store", defaultValue = "floe-data", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Mixin
    ServerAccess access;

    @Override
    public Integer call() {
        ServerRecord served = Stores.server(store);
        if (served != null) {
            // a running server holds the store: the same query through its /sparql
            try {
                print(access.endpoint(served.sparql(), TIMEOUT).select(QueryFactory.create(QUERY)));
            } catch (RemoteEndpointException e) {
                throw access.failure(e);
            }
            return 0;
        }
        try (GeoStore geoStore = GeoStore.open(store)) {
            Txn.executeRead(geoStore.dataset(), () -> {
                try (QueryExecution qe = QueryExecution.dataset(geoStore.dataset()).query(QUERY).build()) {
                    print(qe.execSelect());
                }
            });
        }
        return 0;
    }

    private void print(ResultSet sets) {
        sets.forEachRemaining(s -> parent.floe.out().printf("%s\t%d samples\t%s\t%s%n",
                s.getLiteral("name").getString(), s.getLiteral("samples").getLong(),
                s.getLiteral("created").getLexicalForm(), s.getResource("set").getURI()));
    }
}
