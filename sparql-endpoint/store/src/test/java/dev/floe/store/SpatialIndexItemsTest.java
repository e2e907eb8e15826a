package dev.floe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property functions find every resource with a geometry literal, each once: geometries linked by a
 * sub-property of geo:hasGeometry or by nothing, and geometries with both a WKT and a GML serialisation.
 */
class SpatialIndexItemsTest {

    static final String P = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX ex: <https://example.org/> "
            + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
    static final String GML_POINT = "<gml:Point xmlns:gml='http://www.opengis.net/ont/gml' "
            + "srsName='http://www.opengis.net/def/crs/OGC/1.3/CRS84'><gml:pos>1 1</gml:pos></gml:Point>";

    @TempDir
    Path tmp;

    Path data() throws IOException {
        Path file = tmp.resolve("objects.ttl");
        Files.writeString(file, P.replace("PREFIX ", "@prefix ").replace("> ", "> . ")
                + "ex:hasPointGeometry rdfs:subPropertyOf geo:hasGeometry .\n"
                + "ex:a geo:hasDefaultGeometry ex:ga ; geo:hasGeometry ex:ga ; ex:hasPointGeometry ex:pa .\n"
                + "ex:ga geo:asWKT 'POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))'^^geo:wktLiteral .\n"
                // a geometry reached only through an application's sub-property, written twice
                + "ex:pa geo:asWKT 'POINT(1 1)'^^geo:wktLiteral ; geo:asGML \"" + GML_POINT + "\"^^geo:gmlLiteral .\n"
                // a geometry no feature links to
                + "ex:loose geo:asWKT 'POINT(2 2)'^^geo:wktLiteral .\n"
                + "ex:b geo:hasDefaultGeometry ex:gb ; geo:hasGeometry ex:gb .\n"
                + "ex:gb geo:asWKT 'POINT(3 3)'^^geo:wktLiteral .\n"
                + "ex:far geo:hasDefaultGeometry ex:gfar ; geo:hasGeometry ex:gfar .\n"
                + "ex:gfar geo:asWKT 'POINT(10 10)'^^geo:wktLiteral .\n");
        return file;
    }

    static List<String> objects(GeoStore store, String pattern) {
        return Txn.calculateRead(store.dataset(), () -> {
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.dataset(store.dataset())
                    .query(P + "SELECT ?f WHERE { " + pattern + " } ORDER BY ?f").build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.getResource("f").getLocalName()));
            }
            return out;
        });
    }

    @Test
    void everyGeometryResourceIsFoundOnceByIndexedAndUnindexedRelations() throws IOException {
        Path dir = tmp.resolve("store");
        try (GeoStore store = GeoStore.open(dir)) {
            store.load(List.of(data()));
            List<String> inA = List.of("a", "b", "ga", "gb", "loose", "pa");
            assertEquals(inA, objects(store, "ex:a geo:sfContains ?f"));
            assertEquals(inA, objects(store, "?f geo:sfWithin ex:a"));
            assertEquals(List.of("b", "gb", "loose", "pa"), objects(store, "?f geo:ehInside ex:a"));
            assertEquals(List.of("far", "gfar", "loose", "pa"), objects(store, "ex:b geo:sfDisjoint ?f"));
            assertEquals(List.of("far", "gfar", "loose", "pa"), objects(store, "ex:gb geo:ehDisjoint ?f"));
        }
        try (GeoStore store = GeoStore.open(dir)) {
            assertEquals(List.of("a", "b", "ga", "gb", "loose", "pa"), objects(store, "ex:a geo:sfContains ?f"),
                    "after a restart");
            store.update(UpdateFactory.create(P + "INSERT DATA { ex:late geo:asWKT 'POINT(0.5 3.5)'^^geo:wktLiteral }"));
            assertEquals(List.of("a", "b", "ga", "gb", "late", "loose", "pa"), objects(store, "ex:a geo:sfContains ?f"),
                    "after an update");
            store.rebuildSpatialIndex();
            assertEquals(List.of("a", "b", "ga", "gb", "late", "loose", "pa"), objects(store, "ex:a geo:sfContains ?f"),
                    "after a rebuild");
        }
    }
}
