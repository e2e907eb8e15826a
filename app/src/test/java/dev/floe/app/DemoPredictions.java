package dev.floe.app;

import java.time.Instant;
import java.util.List;

import org.apache.jena.graph.NodeFactory;

import dev.floe.ml.prediction.Prediction;
import dev.floe.ml.prediction.PredictionWriter;
import dev.floe.ml.registry.ModelRegistry;
import dev.floe.ontology.Floe;
import dev.floe.store.GeoStore;

/**
 * Test fixture: three literal predictions of the demo's land-cover model (version 1) about patches in Croatia, written
 * as the demo writes them, so that queries/predicted-land-cover.rq and the page's colouring have an exact answer
 * without training a model.
 */
final class DemoPredictions {

    static final String VERSION = ModelRegistry.versionIri(DemoModel.MODEL, 1);
    static final List<String> CLASSES = List.of("cloud high probability", "vegetation");

    private DemoPredictions() {
    }

    static void write(GeoStore store) {
        store.write(dsg -> {
            dsg.getDefaultGraph().add(NodeFactory.createURI(VERSION), Floe.versionOf.asNode(),
                    NodeFactory.createURI(ModelRegistry.modelIri(DemoModel.MODEL)));
            return null;
        });
        Instant at = Instant.parse("2026-12-07T12:00:00Z");
        new PredictionWriter(store).write(List.of(
                prediction("r0c0", new double[] {0.1, 0.9}, "POLYGON((15.9 45.8, 16.0 45.8, 16.0 45.9, 15.9 45.9, 15.9 45.8))", at),
                prediction("r0c1", new double[] {0.25, 0.75}, "POLYGON((16.0 45.8, 16.1 45.8, 16.1 45.9, 16.0 45.9, 16.0 45.8))", at),
                prediction("r1c0", new double[] {0.8, 0.2}, "POLYGON((15.9 45.7, 16.0 45.7, 16.0 45.8, 15.9 45.8, 15.9 45.7))", at)));
    }

    private static Prediction prediction(String patch, double[] probabilities, String footprint, Instant at) {
        return Prediction.of("https://w3id.org/floe/data/s2patches/S2A_33TWM_20230818_0_L2A/" + patch, VERSION, CLASSES,
                probabilities, at).withFootprint(footprint);
    }
}
