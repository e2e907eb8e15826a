package dev.floe.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.system.Txn;

import dev.floe.federation.FederatedGateway;
import dev.floe.federation.FederatedQueryException;
import dev.floe.federation.FederatedResult;
import dev.floe.federation.Federation;
import dev.floe.federation.FederationConfigException;
import dev.floe.federation.GatewayOptions;
import dev.floe.federation.MemberFailureException;
import dev.floe.endpoint.EndpointConfig;
import dev.floe.endpoint.EndpointServer;
import dev.floe.store.GeoStore;
import dev.floe.sparql.QueryAnswer;
import dev.floe.store.sparql.RemoteEndpointException;
import dev.floe.sparql.ResultFormat;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code floe query}: run a SPARQL query on a store directory or a remote endpoint. */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Run a SPARQL query against a store, a SPARQL endpoint "
        + "or a federation of endpoints (--federated) and print the results.")
final class QueryCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    static final class Target {
        @Option(names = "--store", description = "store directory")
        Path store;

        @Option(names = "--endpoint", description = "SPARQL endpoint URL, e.g. http://127.0.0.1:8080/sparql "
                + "(repeatable with --federated)")
        List<URI> endpoints;

        @Option(names = "--federation", paramLabel = "FILE", description = "federation file (Turtle) listing the members to federate")
        Path federation;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "the SPARQL query text")
    String queryText;

    @Option(names = "--file", description = "read the query from this .rq file")
    Path file;

    @Option(names = "--format", defaultValue = "text",
            description = "text (a table), json, xml, csv, tsv, geojson; turtle, ntriples, jsonld, rdfxml for CONSTRUCT/DESCRIBE (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for an answer (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--local-store", paramLabel = "DIR", description = "with --federation: the store directory that is the "
            + "federation's local-store member (served on loopback for the run)")
    Path localStore;

    @Option(names = "--federated", description = "answer over a federation: the --endpoint URLs or the --federation file's members")
    boolean federated;

    @Mixin
    ServerAccess access;

    @Option(names = "--allow-partial", description = "with --federated: leave out members that fail (named on stderr) instead of failing")
    boolean allowPartial;

    @Override
    public Integer call() throws IOException {
        String text = queryText();
        Query query;
        try {
            query = QueryFactory.create(text, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            throw new QueryFailedException((file != null ? file + ": " : "") + "SPARQL syntax error: " + e.getMessage());
        }
        boolean results = query.isSelectType() || query.isAskType();
        boolean table = "text".equals(format);
        if ("geojson".equals(format) && !query.isSelectType()) {
            throw new UsageException("--format geojson is for SELECT queries");
        }
        ResultFormat chosen = table ? (results ? ResultFormat.JSON : ResultFormat.TURTLE) : ResultFormat.byName(format, results);
        if (chosen == null) {
            throw new UsageException("--format " + format + " does not fit a " + (results ? "SELECT/ASK" : "CONSTRUCT/DESCRIBE")
                    + " query; use text or one of " + ResultFormat.names(results));
        }
        OutputStream out = floe.out();
        ServerRecord served = target.store != null && !federated ? Stores.server(target.store) : null;
        if (federated || target.federation != null) {
            federate(text, query, chosen, table, out);
        } else if (target.endpoints != null && target.endpoints.size() > 1) {
            throw new UsageException("several --endpoint URLs: add --federated to query them as one federation");
        } else if (served != null) {
            // a running server holds the store (and its lock): it answers, as it would answer --endpoint
            remote(served.sparql(), text, query, chosen, table, out);
        } else if (target.store != null) {
            try (GeoStore store = GeoStore.open(target.store)) {
                StoreWarnings.print(floe, store);
                Txn.executeRead(store.dataset(), () -> {
                    try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(query)
                            .timeout(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS).build()) {
                        write(QueryAnswer.execute(query, qe), query, chosen, table, out);
                    }
                });
            }
        } else {
            remote(endpoint(), text, query, chosen, table, out);
        }
        out.flush();
        return 0;
    }

    /** Sends the query to the SPARQL endpoint {@code sparql} and writes its answer as a local run writes it. */
    private void remote(URI sparql, String text, Query query, ResultFormat format, boolean table, OutputStream out) {
        QueryAnswer answer;
        try {
            answer = access.endpoint(sparql, Duration.ofSeconds(timeoutSeconds)).query(text);
        } catch (RemoteEndpointException e) {
            throw access.failure(e);
        }
        write(answer, query, format, table, out);
    }

    private URI endpoint() {
        return target.endpoints.get(0);
    }

    /** Runs the query over the federated gateway (no server: the gateway lives as long as the command). */
    private void federate(String text, Query query, ResultFormat format, boolean table, OutputStream out) throws IOException {
        if (target.store != null) {
            throw new UsageException("--federated takes --endpoint URLs or --federation FILE, not --store "
                    + "(serve the store with `floe serve --federation FILE` to make it a member)");
        }
        Federation federation;
        try {
            federation = target.federation != null ? Federation.read(target.federation) : Federation.ofEndpoints(target.endpoints == null ? List.of() : target.endpoints);
        } catch (FederationConfigException e) {
            throw new UsageException(e.getMessage());
        }
        if (localStore != null && !federation.hasLocalStore()) {
            throw new UsageException("--local-store: the federation has no local-store member (floe:localStore true)");
        }
        if (federation.hasLocalStore() && localStore == null) {
            throw new UsageException(federation.source() + ": a member is the local store: give its directory with "
                    + "--local-store DIR, or serve it with `floe serve --federation`");
        }
        FederatedResult result;
        GeoStore local = localStore == null ? null : GeoStore.open(Stores.existing("--local-store", localStore));
        // the local member is reached as `floe serve` reaches it: through a /sparql of its own, here on loopback
        EndpointServer localServer = local == null ? null : EndpointServer.start(local,
                EndpointConfig.loopback(0).withQueryTimeout(java.time.Duration.ofSeconds(timeoutSeconds)));
        try (FederatedGateway gateway = FederatedGateway.start(
                localServer == null ? federation : federation.withLocalStoreAt(localServer.sparqlUri()),
                GatewayOptions.defaults().withQueryTimeout(java.time.Duration.ofSeconds(timeoutSeconds)))) {
            result = gateway.query(text, allowPartial);
        } catch (FederationConfigException e) {
            throw new UsageException(e.getMessage());
        } catch (MemberFailureException | FederatedQueryException e) {
            throw new QueryFailedException(e.getMessage(), e);
        } finally {
            if (localServer != null) {
                localServer.close();
            }
            if (local != null) {
                local.close();
            }
        }
        result.warnings().forEach(w -> floe.err().println("query: warning: " + w));
        QueryAnswer answer = result.ask() != null ? QueryAnswer.ask(result.ask())
                : result.graph() != null ? QueryAnswer.graph(result.graph()) : QueryAnswer.select(result.resultSet());
        write(answer, query, format, table, out);
    }

    private String queryText() throws IOException {
        if ((queryText == null) == (file == null)) {
            throw new UsageException("give the query either as an argument or with --file, not both or neither");
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("--file " + file + ": no such file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        return queryText;
    }

    /** Writes an answer in the format, or as a table for {@code --format text} (a graph then as Turtle). */
    private static void write(QueryAnswer answer, Query query, ResultFormat format, boolean table, OutputStream out) {
        if (table) {
            answer.writeTable(out, query.getPrologue());
        } else {
            answer.write(out, format, null);
        }
    }
}
