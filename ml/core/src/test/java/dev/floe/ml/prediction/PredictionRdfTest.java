package dev.floe.ml.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Test;

import dev.floe.ontology.FloeOntology;

class PredictionRdfTest {

    static final String VERSION = "https://w3id.org/floe/data/model/sar-cnn/version/3";
    static final String PATCH = "https://w3id.org/floe/data/train/dfd5f913";
    static final String PRODUCT = "https://w3id.org/floe/data/earthsearch-s1-grd/S1A_EW_GRDM_1SDH_20240325T094655";
    static final Instant TIME = Instant.parse("2026-01-12T09:30:00.125Z");

    static Prediction icebergInRoss() {
        return Prediction.of(PATCH, VERSION, List.of("ship", "iceberg"), new double[] {0.125, 0.875}, TIME)
                .withSourceProduct(PRODUCT).withRequest("req-7").withFootprint("POINT (-170 -81)");
    }

    @Test
    void aPredictionIsAnObservationOfItsSampleWithEveryClassProbabilityAndItsFootprint() {
        Model expected = ModelFactory.createDefaultModel();
        RDFDataMgr.read(expected, new StringReader("""
                @prefix floe: <https://w3id.org/floe/ontology#> .
                @prefix sosa: <http://www.w3.org/ns/sosa/> .
                @prefix prov: <http://www.w3.org/ns/prov#> .
                @prefix geo:  <http://www.opengis.net/ont/geosparql#> .
                @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
                @prefix pred: <https://w3id.org/floe/data/prediction/> .

                pred:0b1ae2c806bed814e3b578d28a0ddae0
                    a floe:Prediction, sosa:Observation, prov:Entity, geo:Feature ;
                    floe:sample <https://w3id.org/floe/data/train/dfd5f913> ;
                    sosa:hasFeatureOfInterest <https://w3id.org/floe/data/train/dfd5f913> ;
                    floe:sourceProduct <https://w3id.org/floe/data/earthsearch-s1-grd/S1A_EW_GRDM_1SDH_20240325T094655> ;
                    floe:predictedBy <https://w3id.org/floe/data/model/sar-cnn/version/3> ;
                    sosa:usedProcedure <https://w3id.org/floe/data/model/sar-cnn/version/3> ;
                    floe:predictedClass "iceberg" ;
                    floe:confidence "0.875"^^xsd:double ;
                    floe:classProbability <https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0/probability/0>,
                                          <https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0/probability/1> ;
                    sosa:resultTime "2026-01-12T09:30:00.125Z"^^xsd:dateTime ;
                    prov:generatedAtTime "2026-01-12T09:30:00.125Z"^^xsd:dateTime ;
                    floe:request "req-7" ;
                    geo:hasGeometry <https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0/geometry> ;
                    geo:hasDefaultGeometry <https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0/geometry> .

                <https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0/probability/0>
                    a floe:ClassProbability ; floe:labelClass "ship" ; floe:probability "0.125"^^xsd:double .
                <https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0/probability/1>
                    a floe:ClassProbability ; floe:labelClass "iceberg" ; floe:probability "0.875"^^xsd:double .

                <https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0/geometry> a geo:Geometry ;
                    geo:asWKT "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT (-170 -81)"^^geo:wktLiteral .
                """), null, Lang.TURTLE);
        Model actual = PredictionRdf.model(icebergInRoss());
        assertTrue(actual.isIsomorphicWith(expected), () -> "missing:\n" + turtle(expected.difference(actual)) + "extra:\n" + turtle(actual.difference(expected)));
        assertTrue(FloeOntology.load().validate(actual.getGraph()).conforms());
    }

    @Test
    void aPredictionOfOnlyTheTopClassHasNoClassProbabilitiesAndNoGeometryWithoutAFootprint() {
        Model expected = ModelFactory.createDefaultModel();
        RDFDataMgr.read(expected, new StringReader("""
                @prefix floe: <https://w3id.org/floe/ontology#> .
                @prefix sosa: <http://www.w3.org/ns/sosa/> .
                @prefix prov: <http://www.w3.org/ns/prov#> .
                @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

                <https://w3id.org/floe/data/prediction/40ebaeb195021e7a924b3b0147e56f87>
                    a floe:Prediction, sosa:Observation, prov:Entity ;
                    floe:sample <https://w3id.org/floe/data/train/dfd5f913> ;
                    sosa:hasFeatureOfInterest <https://w3id.org/floe/data/train/dfd5f913> ;
                    floe:predictedBy <https://w3id.org/floe/data/model/sar-cnn/version/3> ;
                    sosa:usedProcedure <https://w3id.org/floe/data/model/sar-cnn/version/3> ;
                    floe:predictedClass "ship" ;
                    floe:confidence "0.5"^^xsd:double ;
                    sosa:resultTime "2026-01-12T09:30:00.125Z"^^xsd:dateTime ;
                    prov:generatedAtTime "2026-01-12T09:30:00.125Z"^^xsd:dateTime .
                """), null, Lang.TURTLE);
        Model actual = PredictionRdf.model(Prediction.top(PATCH, VERSION, "ship", 0.5, TIME));
        assertTrue(actual.isIsomorphicWith(expected), () -> "missing:\n" + turtle(expected.difference(actual)) + "extra:\n" + turtle(actual.difference(expected)));
    }

    @Test
    void theIriDependsOnlyOnModelVersionSubjectAndRequest() {
        Prediction p = icebergInRoss();
        assertEquals("https://w3id.org/floe/data/prediction/0b1ae2c806bed814e3b578d28a0ddae0", p.iri());
        Prediction laterOtherOutput = Prediction.top(PATCH, VERSION, "ship", 0.6, TIME.plusSeconds(3600)).withRequest("req-7");
        assertEquals(p.iri(), laterOtherOutput.iri());
        assertNotEquals(p.iri(), p.withRequest("req-8").iri());
        assertNotEquals(p.iri(), p.withRequest(null).iri());
        assertNotEquals(p.iri(), Prediction.top(PATCH, VERSION.replace("/3", "/4"), "ship", 0.6, TIME).withRequest("req-7").iri());
        assertNotEquals(p.iri(), Prediction.top(PATCH + "x", VERSION, "ship", 0.6, TIME).withRequest("req-7").iri());
    }

    @Test
    void thePredictedClassIsTheFirstOfHighestProbability() {
        Prediction p = Prediction.of(PATCH, VERSION, List.of("water", "cloud", "vegetation", "snow"),
                new double[] {0.1, 0.4, 0.4, 0.1}, TIME);
        assertEquals("cloud", p.predictedClass());
        assertEquals(0.4, p.confidence());
        Prediction none = Prediction.of(PATCH, VERSION, List.of(), new double[0], TIME);
        assertEquals(null, none.predictedClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prediction.of(PATCH, VERSION, List.of("ship", "iceberg"), new double[] {1}, TIME));
        assertEquals(PATCH + ": 2 classes but 1 probabilities", e.getMessage());
    }

    static String turtle(Model m) {
        StringWriter out = new StringWriter();
        RDFDataMgr.write(out, m, Lang.TURTLE);
        return out.toString();
    }
}
