package dev.floe.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.rdf4j.query.algebra.evaluation.function.Function;
import org.eclipse.rdf4j.query.algebra.evaluation.function.FunctionRegistry;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.sail.nativerdf.NativeStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.geo.GeoSparqlIris;

/**
 * The gateway reads CRS84-prefixed WKT in geof: functions through its own evaluation strategy; RDF4J's
 * JVM-wide function registry, and so any other RDF4J repository in the JVM, stays as shipped. (The gateway's
 * own reading of such literals is checked end to end in the server's FederatedGatewayTest.)
 */
class CrsTolerantFunctionsTest {

    /** RDF4J's geof: functions by IRI, with the class that implements each. */
    static Map<String, String> registeredGeof() {
        Map<String, String> out = new TreeMap<>();
        for (Function f : FunctionRegistry.getInstance().getAll()) {
            if (f.getURI().startsWith(GeoSparqlIris.GEOF)) {
                out.put(f.getURI(), f.getClass().getName());
            }
        }
        return out;
    }

    @TempDir
    Path dir;

    boolean plainRdf4jReadsCrs84Wkt() {
        SailRepository repo = new SailRepository(new NativeStore(dir.resolve("rdf4j-" + System.nanoTime()).toFile()));
        try (RepositoryConnection c = repo.getConnection()) {
            return c.prepareBooleanQuery("PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
                    + "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> ASK { FILTER(geof:sfIntersects("
                    + "\"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT (1 1)\"^^geo:wktLiteral, "
                    + "\"POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))\"^^geo:wktLiteral)) }").evaluate();
        } finally {
            repo.shutDown();
        }
    }

    @Test
    void aGatewayLeavesRdf4jsFunctionRegistryAsShipped() {
        Map<String, String> before = registeredGeof();
        assertFalse(before.isEmpty());
        for (GatewayOptions options : List.of(GatewayOptions.plainFedX(), GatewayOptions.defaults())) {
            try (FederatedGateway gateway = FederatedGateway.start(
                    Federation.ofEndpoints(List.of(URI.create("http://127.0.0.1:9/sparql"))), options)) {
                assertEquals(before, registeredGeof());
                assertFalse(plainRdf4jReadsCrs84Wkt(), "RDF4J as shipped rejects a CRS-prefixed WKT literal (trap 6)");
            }
        }
        assertEquals(before, registeredGeof());
    }
}
