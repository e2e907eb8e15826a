package dev.floe.store.geosparql;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.jena.sparql.function.FunctionFactory;
import org.apache.jena.sparql.function.FunctionRegistry;

/**
 * A function registry for one dataset's context: its own entries first, then those of the registry under it
 * (Jena's JVM-wide one), looked up at query time, so functions registered there later are still found. floe's
 * corrections go in this layer; the registry under it is never changed.
 */
final class LayeredFunctionRegistry extends FunctionRegistry {

    private final FunctionRegistry under;

    LayeredFunctionRegistry(FunctionRegistry under) {
        this.under = under;
    }

    @Override
    public FunctionFactory get(String uri) {
        FunctionFactory own = super.get(uri);
        return own != null ? own : under.get(uri);
    }

    @Override
    public boolean isRegistered(String uri) {
        return super.isRegistered(uri) || under.isRegistered(uri);
    }

    @Override
    public Iterator<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        super.keys().forEachRemaining(keys::add);
        under.keys().forEachRemaining(keys::add);
        return keys.iterator();
    }
}
