package dev.floe.ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class InferenceRecordTest {

    @Test
    void aRowSummarisedFromPatchSummaryFeaturesGivesThemBackInTheSameOrder() {
        PatchSummary summary = new PatchSummary(List.of("HH", "HV"), 4, List.of("incidence_angle"), Double.NaN);
        double[] features = summary.of(new float[] {-10, -12, -14, Float.NaN, -20, -22, -24, -26}, new float[] {38.5f});
        InferenceRecord.Row row = InferenceRecord.Row.summarised(null, null, null, List.of("HH", "HV"),
                List.of("incidence_angle"), features, new float[] {0.9f, 0.1f}, "ship", 0.9f, null);

        assertEquals(new InferenceRecord.ChannelSummary("HH", -12, Math.sqrt(8.0 / 3), -13.8, -10.2, 0.25), row.channels().get(0));
        assertEquals(List.of(new InferenceRecord.Extra("incidence_angle", 38.5)), row.extras());
        assertArrayEquals(features, row.features(), 0);
    }

    @Test
    void summarisingChecksTheNumberOfFeatures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InferenceRecord.Row.summarised(
                null, null, null, List.of("B02", "B03"), List.of(), new double[5], null, null, null, null));
        assertEquals("2 channels and 0 extras have 10 features, not 5", e.getMessage());
    }

    @Test
    void rowsAreEqualByTheContentOfTheirArraysAndKeepTheirOwnCopies() {
        float[] probabilities = {0.25f, 0.75f};
        InferenceRecord.Row row = new InferenceRecord.Row("s", null, null, null, null, probabilities, "b", 0.75f, null);
        assertEquals(new InferenceRecord.Row("s", null, null, List.of(), List.of(), new float[] {0.25f, 0.75f}, "b", 0.75f, null), row);
        probabilities[0] = 1;
        row.probabilities()[1] = 1;
        assertArrayEquals(new float[] {0.25f, 0.75f}, row.probabilities());
        assertNotEquals(new InferenceRecord.Row("s", null, null, null, null, probabilities, "b", 0.75f, null), row);
    }

    @Test
    void theTimeIsKeptToTheMillisecondAsTheLogStoresIt() {
        InferenceRecord r = new InferenceRecord("a", "s2-cnn", 1, null, "v2:infer", Instant.parse("2025-06-01T10:15:30.123456789Z"),
                5, 200, null, null);
        assertEquals(Instant.parse("2025-06-01T10:15:30.123Z"), r.time());
        assertEquals(List.of(), r.rows());
    }
}
