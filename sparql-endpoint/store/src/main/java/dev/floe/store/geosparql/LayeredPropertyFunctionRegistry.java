package dev.floe.store.geosparql;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.jena.sparql.pfunction.PropertyFunctionFactory;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;

/**
 * A property-function registry for one dataset's context: its own entries first, then those of the registry under
 * it (Jena's JVM-wide one, which jena-text and jena-geosparql fill), looked up at query time. The registry under it
 * is never changed.
 */
final class LayeredPropertyFunctionRegistry extends PropertyFunctionRegistry {

    private final PropertyFunctionRegistry under;

    LayeredPropertyFunctionRegistry(PropertyFunctionRegistry under) {
        this.under = under;
    }

    @Override
    public PropertyFunctionFactory get(String uri) {
        PropertyFunctionFactory own = super.manages(uri) ? super.get(uri) : null;
        return own != null ? own : under.get(uri);
    }

    @Override
    public boolean manages(String uri) {
        return super.manages(uri) || under.manages(uri);
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
