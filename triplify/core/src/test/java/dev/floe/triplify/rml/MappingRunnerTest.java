package dev.floe.triplify.rml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;

/** RML mapping features, each checked against the exact quads it must give. */
class MappingRunnerTest {

    @TempDir
    Path tmp;

    static final String PREFIXES = """
            @prefix rml: <http://w3id.org/rml/> .
            @prefix floe: <https://w3id.org/floe/ontology#> .
            @prefix ex: <http://example.org/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            """;

    static final String CITIES_AND_COUNTRIES = PREFIXES + """
            <#Cities> a rml:TriplesMap ;
              rml:logicalSource [ rml:source "cities.csv" ; rml:referenceFormulation rml:CSV ] ;
              rml:subjectMap [ rml:template "http://example.org/city/{name}" ; rml:class ex:City ; rml:graph ex:places ] ;
              rml:predicateObjectMap
                [ rml:predicate rdfs:label ; rml:objectMap [ rml:reference "name" ; rml:language "en" ] ] ,
                [ rml:predicate rdfs:label ; rml:objectMap [ rml:reference "name_fr" ; rml:language "fr" ] ] ,
                [ rml:predicate ex:population ; rml:objectMap [ rml:reference "pop" ; rml:datatype xsd:integer ] ] ,
                [ rml:predicate ex:founded ; rml:objectMap [ rml:reference "founded" ; rml:datatype xsd:gYear ] ] ,
                [ rml:predicate ex:code ; rml:objectMap [ rml:template "{country}-{id} \\\\{sic\\\\}" ; rml:termType rml:Literal ] ] ,
                [ rml:predicate ex:country ;
                  rml:objectMap [ rml:parentTriplesMap <#Countries> ; rml:joinCondition [ rml:child "country" ; rml:parent "code" ] ] ;
                  rml:graphMap [ rml:template "http://example.org/graph/{country}" ] ] .

            <#Countries> a rml:TriplesMap ;
              rml:logicalSource [ rml:source "countries.json" ; rml:referenceFormulation rml:JSONPath ; rml:iterator "$.countries[*]" ] ;
              rml:subjectMap [ rml:template "http://example.org/country/{code}" ; rml:graphMap [ rml:constant rml:defaultGraph ] ] ;
              rml:predicateObjectMap
                [ rml:predicate ex:name ; rml:objectMap [ rml:reference "name.en" ; rml:language "en" ] ] ,
                [ rml:predicate ex:name ; rml:objectMap [ rml:reference "name.no" ; rml:language "nb" ] ] ,
                [ rml:predicate ex:tag ; rml:objectMap [ rml:reference "tags[*]" ] ] ,
                [ rml:predicate ex:area ; rml:objectMap [ rml:reference "$.area" ] ] ,
                [ rml:predicate ex:self ; rml:objectMap [ rml:parentTriplesMap <#Countries> ] ] .
            """;

    static final String EXPECTED = """
            <http://example.org/city/Bergen> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/City> <http://example.org/places> .
            <http://example.org/city/Bergen> <http://www.w3.org/2000/01/rdf-schema#label> "Bergen"@en <http://example.org/places> .
            <http://example.org/city/Bergen> <http://www.w3.org/2000/01/rdf-schema#label> "Bergue"@fr <http://example.org/places> .
            <http://example.org/city/Bergen> <http://example.org/population> "285900"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/places> .
            <http://example.org/city/Bergen> <http://example.org/founded> "1070"^^<http://www.w3.org/2001/XMLSchema#gYear> <http://example.org/places> .
            <http://example.org/city/Bergen> <http://example.org/code> "NO-1 {sic}" <http://example.org/places> .
            <http://example.org/city/Bergen> <http://example.org/country> <http://example.org/country/NO> <http://example.org/places> .
            <http://example.org/city/Bergen> <http://example.org/country> <http://example.org/country/NO> <http://example.org/graph/NO> .
            <http://example.org/city/Tromsø> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/City> <http://example.org/places> .
            <http://example.org/city/Tromsø> <http://www.w3.org/2000/01/rdf-schema#label> "Tromsø"@en <http://example.org/places> .
            <http://example.org/city/Tromsø> <http://www.w3.org/2000/01/rdf-schema#label> "Tromsø"@fr <http://example.org/places> .
            <http://example.org/city/Tromsø> <http://example.org/population> "77500"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/places> .
            <http://example.org/city/Tromsø> <http://example.org/founded> "1794"^^<http://www.w3.org/2001/XMLSchema#gYear> <http://example.org/places> .
            <http://example.org/city/Tromsø> <http://example.org/code> "NO-2 {sic}" <http://example.org/places> .
            <http://example.org/city/Tromsø> <http://example.org/country> <http://example.org/country/NO> <http://example.org/places> .
            <http://example.org/city/Tromsø> <http://example.org/country> <http://example.org/country/NO> <http://example.org/graph/NO> .
            <http://example.org/city/Kiruna> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/City> <http://example.org/places> .
            <http://example.org/city/Kiruna> <http://www.w3.org/2000/01/rdf-schema#label> "Kiruna"@en <http://example.org/places> .
            <http://example.org/city/Kiruna> <http://example.org/population> "22900"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/places> .
            <http://example.org/city/Kiruna> <http://example.org/founded> "1900"^^<http://www.w3.org/2001/XMLSchema#gYear> <http://example.org/places> .
            <http://example.org/city/Kiruna> <http://example.org/code> "SE-3 {sic}" <http://example.org/places> .
            <http://example.org/city/Kiruna> <http://example.org/country> <http://example.org/country/SE> <http://example.org/places> .
            <http://example.org/city/Kiruna> <http://example.org/country> <http://example.org/country/SE> <http://example.org/graph/SE> .
            <http://example.org/city/Rock%20Town%2FCity> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/City> <http://example.org/places> .
            <http://example.org/city/Rock%20Town%2FCity> <http://www.w3.org/2000/01/rdf-schema#label> "Rock Town/City"@en <http://example.org/places> .
            <http://example.org/city/Rock%20Town%2FCity> <http://example.org/code> "XX-4 {sic}" <http://example.org/places> .
            <http://example.org/country/NO> <http://example.org/name> "Norway"@en .
            <http://example.org/country/NO> <http://example.org/name> "Norge"@nb .
            <http://example.org/country/NO> <http://example.org/tag> "nordic" .
            <http://example.org/country/NO> <http://example.org/tag> "fjords" .
            <http://example.org/country/NO> <http://example.org/area> "385207"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://example.org/country/NO> <http://example.org/self> <http://example.org/country/NO> .
            <http://example.org/country/SE> <http://example.org/name> "Sweden"@en .
            <http://example.org/country/SE> <http://example.org/tag> "nordic" .
            <http://example.org/country/SE> <http://example.org/area> "450295.5"^^<http://www.w3.org/2001/XMLSchema#double> .
            <http://example.org/country/SE> <http://example.org/self> <http://example.org/country/SE> .
            """;

    @BeforeEach
    void data() throws IOException {
        Files.writeString(tmp.resolve("cities.csv"), """
                id,name,name_fr,country,pop,founded
                1,Bergen,Bergue,NO,285900,1070
                2,Tromsø,Tromsø,NO,77500,1794
                3,Kiruna,,SE,22900,1900
                4,Rock Town/City,,XX,,
                """);
        Files.writeString(tmp.resolve("countries.json"), """
                {"countries": [
                  {"code": "NO", "name": {"en": "Norway", "no": "Norge"}, "tags": ["nordic", "fjords"], "area": 385207},
                  {"code": "SE", "name": {"en": "Sweden"}, "tags": ["nordic"], "area": 450295.5}
                ]}
                """);
    }

    Path mapping(String text) throws IOException {
        Path m = tmp.resolve("mapping-" + System.nanoTime() + ".ttl");
        Files.writeString(m, text);
        return m;
    }

    Set<String> run(String mappingText, String outName) throws IOException {
        return run(mapping(mappingText), outName, TriplifyOptions.defaults());
    }

    Set<String> run(Path mapping, String outName, TriplifyOptions options) {
        Path out = tmp.resolve(outName);
        new Triplifier(options).triplifyMapping(mapping, out);
        DatasetGraph ds = RDFDataMgr.loadDatasetGraph(out.toString());
        return quads(ds);
    }

    static Set<String> quads(DatasetGraph ds) {
        Set<String> out = new TreeSet<>();
        ds.find().forEachRemaining(q -> out.add(q.asTriple() + " @ " + (q.isDefaultGraph() ? "default" : q.getGraph())));
        return out;
    }

    static Set<String> expected(String nquads) {
        DatasetGraph ds = DatasetGraphFactory.create();
        RDFParser.fromString(nquads, Lang.NQUADS).parse(ds);
        return quads(ds);
    }

    @Test
    void joinsGraphsDatatypesLanguagesAndIriSafeTemplatesGiveExactlyTheExpectedQuads() throws IOException {
        assertEquals(expected(EXPECTED), run(CITIES_AND_COUNTRIES, "out.nq"));
    }

    @Test
    void legacyR2rmlAndRmlTermsMeanTheSameAsRmlCore() throws IOException {
        String legacy = CITIES_AND_COUNTRIES
                .replace("@prefix rml: <http://w3id.org/rml/> .", "@prefix rml: <http://semweb.mmlab.be/ns/rml#> .\n"
                        + "@prefix rr: <http://www.w3.org/ns/r2rml#> .\n@prefix ql: <http://semweb.mmlab.be/ns/ql#> .")
                .replace("rml:TriplesMap", "rr:TriplesMap").replace("rml:subjectMap", "rr:subjectMap")
                .replace("rml:predicateObjectMap", "rr:predicateObjectMap").replace("rml:predicate ", "rr:predicate ")
                .replace("rml:objectMap", "rr:objectMap").replace("rml:template", "rr:template").replace("rml:class", "rr:class")
                .replace("rml:graphMap", "rr:graphMap").replace("rml:graph ", "rr:graph ").replace("rml:language", "rr:language")
                .replace("rml:datatype", "rr:datatype").replace("rml:termType rml:Literal", "rr:termType rr:Literal")
                .replace("rml:parentTriplesMap", "rr:parentTriplesMap").replace("rml:joinCondition", "rr:joinCondition")
                .replace("rml:child", "rr:child").replace("rml:parent ", "rr:parent ").replace("rml:constant rml:defaultGraph", "rr:constant rr:defaultGraph")
                .replace("rml:referenceFormulation rml:CSV", "rml:referenceFormulation ql:CSV")
                .replace("rml:referenceFormulation rml:JSONPath", "rml:referenceFormulation ql:JSONPath")
                .replace("rml:reference \"name\" ;", "rr:column \"name\" ;");
        assertFalse(legacy.contains("w3id.org/rml"), legacy);
        assertEquals(expected(EXPECTED), run(legacy, "legacy.nq"));
    }

    @Test
    void geometryFunctionsGiveGeoTriplesTerms() throws IOException {
        Files.writeString(tmp.resolve("shapes.geojson"), """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "id": "square", "properties": {"kind": "area"}, "geometry": {"type": "Polygon", "coordinates":
                    [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[0.5, 0.5], [0.5, 1.5], [1.5, 1.5], [1.5, 0.5], [0.5, 0.5]]]}},
                  {"type": "Feature", "id": "line", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [3, 4]]}},
                  {"type": "Feature", "id": "bowtie", "properties": {}, "geometry": {"type": "Polygon", "coordinates":
                    [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}},
                  {"type": "Feature", "id": "nowhere", "properties": {"kind": "none"}, "geometry": null}
                ]}
                """);
        String m = PREFIXES + """
                @prefix geo: <http://www.opengis.net/ont/geosparql#> .
                <#Shapes> rml:logicalSource [ rml:source "shapes.geojson" ; rml:referenceFormulation floe:GeoJSON ] ;
                  rml:subjectMap [ rml:template "http://example.org/f/{@id}" ] ;
                  rml:predicateObjectMap
                    [ rml:predicate ex:kind ; rml:objectMap [ rml:reference "kind" ] ] ,
                    [ rml:predicate ex:geometry ; rml:objectMap [ rml:template "http://example.org/f/{@geometryId}/g" ] ] ,
                    [ rml:predicate geo:asWKT ; rml:objectMap [ rml:reference "@geometry" ] ] ,
                    [ rml:predicate ex:area ; rml:objectMap [ rml:reference "@area" ] ] ,
                    [ rml:predicate ex:length ; rml:objectMap [ rml:reference "@length" ] ] ,
                    [ rml:predicate ex:centroid ; rml:objectMap [ rml:reference "@centroid" ] ] ,
                    [ rml:predicate ex:dimension ; rml:objectMap [ rml:reference "@dimension" ] ] ,
                    [ rml:predicate ex:simple ; rml:objectMap [ rml:reference "@isSimple" ] ] ,
                    [ rml:predicate ex:valid ; rml:objectMap [ rml:reference "@isValid" ] ] ,
                    [ rml:predicate ex:envelope ; rml:objectMap [ rml:reference "@envelope" ] ] .
                """;
        Set<String> got = run(m, "shapes.nt");
        String wkt = "^^<http://www.opengis.net/ont/geosparql#wktLiteral>";
        String d = "^^<http://www.w3.org/2001/XMLSchema#double>";
        String b = "^^<http://www.w3.org/2001/XMLSchema#boolean>";
        String i = "^^<http://www.w3.org/2001/XMLSchema#integer>";
        String sq = "<http://example.org/f/square> ";
        String ln = "<http://example.org/f/line> ";
        Set<String> square = expected(sq + "<http://example.org/kind> \"area\" .\n"
                + sq + "<http://example.org/geometry> <http://example.org/f/square/g> .\n"
                + sq + "<http://www.opengis.net/ont/geosparql#asWKT> \"POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0), (0.5 0.5, 0.5 1.5, 1.5 1.5, 1.5 0.5, 0.5 0.5))\"" + wkt + " .\n"
                + sq + "<http://example.org/area> \"3.0\"" + d + " .\n"
                + sq + "<http://example.org/length> \"12.0\"" + d + " .\n"
                + sq + "<http://example.org/centroid> \"POINT (1 1)\"" + wkt + " .\n"
                + sq + "<http://example.org/dimension> \"2\"" + i + " .\n"
                + sq + "<http://example.org/simple> \"true\"" + b + " .\n"
                + sq + "<http://example.org/valid> \"true\"" + b + " .\n"
                + sq + "<http://example.org/envelope> \"POLYGON ((0 0, 0 2, 2 2, 2 0, 0 0))\"" + wkt + " .\n"
                + ln + "<http://example.org/geometry> <http://example.org/f/line/g> .\n"
                + ln + "<http://www.opengis.net/ont/geosparql#asWKT> \"LINESTRING (0 0, 3 4)\"" + wkt + " .\n"
                + ln + "<http://example.org/area> \"0.0\"" + d + " .\n"
                + ln + "<http://example.org/length> \"5.0\"" + d + " .\n"
                + ln + "<http://example.org/centroid> \"POINT (1.5 2)\"" + wkt + " .\n"
                + ln + "<http://example.org/dimension> \"1\"" + i + " .\n"
                + ln + "<http://example.org/simple> \"true\"" + b + " .\n"
                + ln + "<http://example.org/valid> \"true\"" + b + " .\n"
                + ln + "<http://example.org/envelope> \"POLYGON ((0 0, 0 4, 3 4, 3 0, 0 0))\"" + wkt + " .\n"
                + "<http://example.org/f/nowhere> <http://example.org/kind> \"none\" .\n");
        Set<String> bowtie = new TreeSet<>(got);
        bowtie.removeAll(square);
        assertTrue(got.containsAll(square), () -> "missing: " + diff(square, got));
        // the bowtie was repaired (--on-invalid repair) into two triangles; it was not valid as read
        String bt = "<http://example.org/f/bowtie> ";
        assertEquals(expected(bt + "<http://example.org/geometry> <http://example.org/f/bowtie/g> .\n"
                + bt + "<http://www.opengis.net/ont/geosparql#asWKT> \"MULTIPOLYGON (((1 1, 2 2, 2 0, 1 1)), ((0 0, 0 2, 1 1, 0 0)))\"" + wkt + " .\n"
                + bt + "<http://example.org/area> \"2.0\"" + d + " .\n"
                + bt + "<http://example.org/length> \"" + (4 + 4 * Math.sqrt(2)) + "\"" + d + " .\n"
                + bt + "<http://example.org/centroid> \"POINT (1 1)\"" + wkt + " .\n"
                + bt + "<http://example.org/dimension> \"2\"" + i + " .\n"
                + bt + "<http://example.org/simple> \"true\"" + b + " .\n"
                + bt + "<http://example.org/valid> \"false\"" + b + " .\n"
                + bt + "<http://example.org/envelope> \"POLYGON ((0 0, 0 2, 2 2, 2 0, 0 0))\"" + wkt + " .\n"), bowtie);
    }

    static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    TriplifyException failure(String mappingText, String outName) throws IOException {
        Path m = mapping(mappingText);
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplifyMapping(m, tmp.resolve(outName)));
        assertFalse(Files.exists(tmp.resolve(outName)), "no partial output");
        assertTrue(e.getMessage().startsWith(m.toString()) || e.getMessage().startsWith(tmp.toString()), e.getMessage());
        return e;
    }

    @Test
    void anUnknownTermNamesTheMappingTheTriplesMapAndTheTerm() throws IOException {
        TriplifyException e = failure(CITIES_AND_COUNTRIES.replace("rml:template \"http://example.org/city/{name}\"",
                "rml:tempate \"http://example.org/city/{name}\""), "x.nq");
        assertTrue(e.getMessage().contains(": triples map <#Cities>: unknown or unsupported RML term rml:tempate"), e.getMessage());
    }

    @Test
    void aReferenceToAMissingColumnNamesItAndTheColumns() throws IOException {
        TriplifyException e = failure(CITIES_AND_COUNTRIES.replace("rml:reference \"pop\"", "rml:reference \"popu\""), "x.nq");
        assertTrue(e.getMessage().contains("triples map <#Cities>, predicate-object map 3, object map of ex:population: "
                + "reference \"popu\" is not a column of cities.csv (it has [id, name, name_fr, country, pop, founded])"), e.getMessage());
    }

    @Test
    void aJsonReferenceNoRecordHasIsAnError() throws IOException {
        TriplifyException e = failure(CITIES_AND_COUNTRIES.replace("\"name.no\"", "\"name.de\""), "x.nq");
        assertTrue(e.getMessage().contains("reference \"name.de\" is in none of the 2 records of"), e.getMessage());
    }

    @Test
    void aBadTemplateSaysWhatIsWrongAndWhere() throws IOException {
        TriplifyException e = failure(CITIES_AND_COUNTRIES.replace("city/{name}", "city/{name"), "x.nq");
        assertTrue(e.getMessage().contains("triples map <#Cities>, subject map: bad template \"http://example.org/city/{name\": unclosed '{'"),
                e.getMessage());
    }

    @Test
    void aMissingSourceFileIsNamed() throws IOException {
        for (String[] source : new String[][] {{"cities.csv", "no-cities.csv"}, {"countries.json", "no-countries.json"}}) {
            TriplifyException e = failure(CITIES_AND_COUNTRIES.replace("\"" + source[0] + "\"", "\"" + source[1] + "\""), "x.nq");
            assertTrue(e.getMessage().contains(source[1]) && e.getMessage().contains("no such file"), e.getMessage());
        }
    }

    @Test
    void aReservedGeometryReferenceNeedsAGeodataSource() throws IOException {
        TriplifyException e = failure(CITIES_AND_COUNTRIES.replace("rml:reference \"founded\"", "rml:reference \"@area\""), "x.nq");
        assertTrue(e.getMessage().contains("the reserved reference @area needs a floe geodata source"), e.getMessage());
    }

    @Test
    void anInvalidTypedValueNamesTheDataFileAndLine() throws IOException {
        Files.writeString(tmp.resolve("cities.csv"), "id,name,name_fr,country,pop,founded\n1,Bergen,,NO,many,1070\n");
        Path m = mapping(CITIES_AND_COUNTRIES);
        TriplifyException e = assertThrows(TriplifyException.class,
                () -> new Triplifier(TriplifyOptions.defaults()).triplifyMapping(m, tmp.resolve("x.nq")));
        assertEquals(tmp.resolve("cities.csv") + ": line 2: triples map <#Cities>, predicate-object map 3, object map of ex:population: "
                + "\"many\" is not a valid <http://www.w3.org/2001/XMLSchema#integer>", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x.nq")));
    }

    @Test
    void namedGraphsNeedAQuadFormat() throws IOException {
        TriplifyException e = failure(CITIES_AND_COUNTRIES, "x.nt");
        assertTrue(e.getMessage().contains("writes named graphs"), e.getMessage());
    }

    @Test
    void aMissingParentTriplesMapIsNamed() throws IOException {
        TriplifyException e = failure(CITIES_AND_COUNTRIES.replace("rml:parentTriplesMap <#Countries> ; rml:joinCondition",
                "rml:parentTriplesMap <#Nations> ; rml:joinCondition"), "x.nq");
        assertTrue(e.getMessage().contains("rml:parentTriplesMap <#Nations> is not a triples map of this mapping"), e.getMessage());
    }

    @Test
    void aJoinWhoseParentHasMoreKeysThanTheCapFailsClearly() throws IOException {
        Path m = mapping(CITIES_AND_COUNTRIES);
        TriplifyException e = assertThrows(TriplifyException.class, () -> new Triplifier(TriplifyOptions.defaults().withMaxJoinKeys(1))
                .triplifyMapping(m, tmp.resolve("x.nq")));
        assertTrue(e.getMessage().contains("the parent triples map <#Countries> has more than 1 distinct join keys"), e.getMessage());
        assertEquals(expected(EXPECTED), run(m, "ok.nq", TriplifyOptions.defaults().withMaxJoinKeys(2)));
    }

    @Test
    void filterIteratorsLanguageAndDatatypeMapsBlankNodesAndConstantSubjects() throws IOException {
        Files.writeString(tmp.resolve("labels.json"), """
                {"items": [
                  {"@id": "http://example.org/item/a", "k": "a", "text": "Eisberg", "lang": "de", "n": "7", "dt": "http://www.w3.org/2001/XMLSchema#integer", "big": true},
                  {"k": "b", "text": "iceberg", "lang": "en", "n": "7.5", "dt": "http://www.w3.org/2001/XMLSchema#decimal", "big": false}
                ]}
                """);
        String m = PREFIXES + """
                <#Labels> rml:logicalSource [ rml:source "labels.json" ; rml:referenceFormulation rml:JSONPath ;
                                              rml:iterator "$.items[?(@.big == true)]" ] ;
                  rml:subjectMap [ rml:template "label-{k}" ; rml:termType rml:BlankNode ] ;
                  rml:predicateObjectMap
                    [ rml:predicate rdfs:label ; rml:objectMap [ rml:reference "text" ; rml:languageMap [ rml:reference "lang" ] ] ] ,
                    [ rml:predicate ex:n ; rml:objectMap [ rml:reference "n" ; rml:datatypeMap [ rml:reference "dt" ] ] ] ,
                    [ rml:predicate ex:page ; rml:objectMap [ rml:template "items/{k}" ] ] ,
                    [ rml:predicate ex:same ; rml:objectMap [ rml:reference "@id" ; rml:termType rml:IRI ] ] .
                <#Catalog> rml:logicalSource [ rml:source "labels.json" ; rml:referenceFormulation rml:JSONPath ; rml:iterator "$" ] ;
                  rml:subject ex:catalog ;
                  rml:predicateObjectMap [ rml:predicate ex:count ; rml:object "2"^^xsd:integer ] .
                """;
        Path out = tmp.resolve("labels.nt");
        new Triplifier(TriplifyOptions.defaults()).triplifyMapping(mapping(m), out);
        org.apache.jena.rdf.model.Model model = RDFDataMgr.loadModel(out.toString());
        assertEquals(5, model.size(), () -> model.toString()); // one filtered item x 4, and the catalog
        org.apache.jena.rdf.model.Resource label = model.listSubjectsWithProperty(org.apache.jena.vocabulary.RDFS.label).next();
        assertTrue(label.isAnon(), "a blank node subject");
        assertEquals("Eisberg", label.getProperty(org.apache.jena.vocabulary.RDFS.label).getString());
        assertEquals("de", label.getProperty(org.apache.jena.vocabulary.RDFS.label).getLanguage());
        assertEquals(org.apache.jena.datatypes.xsd.XSDDatatype.XSDinteger.getURI(),
                label.getProperty(model.createProperty("http://example.org/n")).getLiteral().getDatatypeURI());
        assertEquals("https://w3id.org/floe/data/items/a", label.getPropertyResourceValue(model.createProperty("http://example.org/page")).getURI(),
                "a relative IRI resolves against floe's data base");
        assertEquals("http://example.org/item/a", label.getPropertyResourceValue(model.createProperty("http://example.org/same")).getURI(),
                "a JSON-LD @id member is a plain reference outside geodata sources");
        assertEquals(2, model.getResource("http://example.org/catalog").getProperty(model.createProperty("http://example.org/count")).getInt());
    }

    @Test
    void theDocumentedMappingExampleRuns() throws Exception {
        for (String ext : new String[] {"shp", "dbf", "prj", "cpg"}) {
            Files.copy(Path.of(MappingRunnerTest.class.getResource("/dev/floe/triplify/shapefile/naturalearth_cities." + ext).toURI()),
                    tmp.resolve("naturalearth_cities." + ext));
        }
        String readme = Files.readString(Path.of("..", "..", "docs", "CLI.md"));
        int start = readme.indexOf("```turtle\n") + "```turtle\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        Path out = tmp.resolve("readme.nt");
        new Triplifier(TriplifyOptions.defaults()).triplifyMapping(mapping(example), out);
        org.apache.jena.rdf.model.Model model = RDFDataMgr.loadModel(out.toString());
        assertEquals(243 * 3, model.size(), "type, name and WKT of each city");
        assertTrue(model.contains(model.getResource("http://example.org/city/Vatican%20City"), model.createProperty("http://example.org/name"),
                model.createLiteral("Vatican City", "en")));
    }
}
