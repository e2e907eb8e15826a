package dev.floe.app;

import java.nio.file.Path;
import java.time.Duration;

import dev.floe.ml.registry.ModelRegistry;
import dev.floe.store.GeoStore;
import dev.floe.sparql.QueryAnswer;
import dev.floe.store.sparql.RemoteEndpointException;

/**
 * The model registry of {@code --store}, for the commands that only read it: the store's own, or, when a running
 * server holds the store, a {@link ModelRegistry#snapshot} of the registry's triples fetched through that server's
 * {@code /sparql} (the versions' files are read from the store directory, which the server does not lock). Either way
 * the commands print the same.
 */
final class StoreRegistry implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final GeoStore store;
    private final ModelRegistry registry;

    private StoreRegistry(GeoStore store, ModelRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** The registry of the existing store {@code dir}, through the server that holds it if one does. */
    static StoreRegistry open(Path dir, ServerAccess access) {
        ServerRecord served = Stores.server(dir);
        if (served == null) {
            GeoStore store = GeoStore.open(dir);
            return new StoreRegistry(store, new ModelRegistry(store));
        }
        QueryAnswer answer;
        try {
            answer = access.endpoint(served.sparql(), TIMEOUT).query(ModelRegistry.REGISTRY_TRIPLES);
        } catch (RemoteEndpointException e) {
            throw access.failure(e);
        }
        return new StoreRegistry(null, ModelRegistry.snapshot(dir.toAbsolutePath().normalize(),
                ((QueryAnswer.Graph) answer).graph().getGraph()));
    }

    ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }
}
