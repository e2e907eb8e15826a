package dev.floe.ml.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.floe.ml.model.ModelFamily;

class SearchSpaceTest {

    private static String error(String yaml) {
        return assertThrows(SpaceException.class, () -> SearchSpace.parse(yaml, "space.yaml", ModelFamily.S2_CNN)).getMessage();
    }

    @Test
    void readsEveryKindOfRangeInTheFilesOrder() {
        SearchSpace space = SearchSpace.parse("""
                learning_rate: {log-uniform: [0.0001, 0.01]}
                dense: {integer: [16, 64]}
                filters: {choice: [8, 16]}
                batch_size: {choice: [16, 32]}
                """, "space.yaml", ModelFamily.S2_CNN);
        assertEquals(List.of(new Parameter.LogUniform("learning_rate", 0.0001, 0.01), new Parameter.IntRange("dense", 16, 64),
                new Parameter.Choice("filters", List.of(8, 16)), new Parameter.Choice("batch_size", List.of(16, 32))),
                space.parameters());
    }

    @Test
    void mapsTheUnitCubeOntoTheRanges() {
        Parameter lr = new Parameter.LogUniform("learning_rate", 0.0001, 0.01);
        assertEquals(0.001, (double) lr.at(0.5), 1e-12);
        assertEquals(16, new Parameter.IntRange("dense", 16, 18).at(0.0));
        assertEquals(18, new Parameter.IntRange("dense", 16, 18).at(0.999));
        assertEquals(17, new Parameter.IntRange("dense", 16, 18).at(0.5));
        assertEquals(32, new Parameter.Choice("batch_size", List.of(16, 32)).at(0.5));
        assertEquals(0.25, (double) new Parameter.Uniform("learning_rate", 0.0, 1.0).at(0.25), 1e-12);
    }

    @Test
    void anUnknownParameterIsNamedWithItsLineAndTheKnownOnes() {
        assertEquals("space.yaml line 2: parameter dropout is not a hyperparameter of s2-cnn (it has learning_rate, batch_size, "
                + "dense, filters, blocks)", error("""
                learning_rate: {log-uniform: [0.0001, 0.01]}
                dropout: {uniform: [0.1, 0.5]}
                """));
    }

    @Test
    void anEmptySpaceIsRefused() {
        assertEquals("space.yaml: the search space is empty; name at least one parameter (learning_rate, batch_size, dense, "
                + "filters, blocks)", error("# nothing yet\n"));
        assertEquals("space.yaml: the search space is empty; name at least one parameter (learning_rate, batch_size, dense, "
                + "filters, blocks)", error("{}"));
    }

    @Test
    void impossibleRangesAreRefusedWithTheLineAndParameter() {
        assertEquals("space.yaml line 2: parameter learning_rate: log-uniform range is empty, low 0.01 > high 0.001",
                error("dense: {integer: [8, 16]}\nlearning_rate: {log-uniform: [0.01, 0.001]}\n"));
        assertEquals("space.yaml line 1: parameter learning_rate: log-uniform needs 0 < low, got low 0",
                error("learning_rate: {log-uniform: [0, 0.01]}\n"));
        assertEquals("space.yaml line 1: parameter dense: integer range is empty, low 64 > high 16",
                error("dense: {integer: [64, 16]}\n"));
        assertEquals("space.yaml line 1: parameter filters: choice has no values", error("filters: {choice: []}\n"));
        assertEquals("space.yaml line 1: parameter dense takes whole numbers: use integer or choice, not uniform",
                error("dense: {uniform: [8, 16]}\n"));
        assertEquals("space.yaml line 1: parameter batch_size takes whole numbers of at least 1, got 0.5",
                error("batch_size: {choice: [0.5, 16]}\n"));
        assertEquals("space.yaml line 1: parameter dense: unknown kind of range normal (log-uniform, uniform, integer, choice)",
                error("dense: {normal: [8, 16]}\n"));
        assertEquals("space.yaml line 1: parameter dense: integer takes [low, high], got 3 values",
                error("dense: {integer: [8, 16, 32]}\n"));
    }

    @Test
    void aParameterNamedTwiceIsRefused() {
        assertEquals("space.yaml line 2: parameter dense is named twice", error("dense: {integer: [8, 16]}\ndense: {choice: [8]}\n"));
    }

    @Test
    void aListInsteadOfAMappingIsRefused() {
        assertEquals("space.yaml line 1: the search space must map parameter names to ranges, e.g. learning_rate: "
                + "{log-uniform: [0.0001, 0.01]}", error("- learning_rate\n- dense\n"));
    }
}
