package dev.floe.triplify.patch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floe.geo.NpyArray;
import dev.floe.ontology.Floe;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.rdf.GeoRdfWriter;
import dev.floe.triplify.rdf.IriSegments;
import dev.floe.triplify.rdf.JsonLiterals;

/**
 * Maps SAR patch records in the Statoil/C-CORE "ship or iceberg" format ({@code id}, {@code band_1} and
 * {@code band_2} as square arrays of dB values for HH and HV, {@code inc_angle} in degrees or "na",
 * {@code is_iceberg} 0/1 on training records) to floe:Patch resources. The pixel arrays go to a sidecar
 * {@code .npy} file (shape 2 x side x side, float32) that the patch links with floe:rasterFile, not into
 * literals; the label becomes a floe:Label (labelClass "iceberg" or "ship").
 */
public final class SarPatchMapper {

    private final RecordContext context;
    private final String base;

    public SarPatchMapper(RecordContext context, String dataset) {
        this.context = context;
        this.base = Floe.DATA + IriSegments.encode(dataset) + "/";
    }

    /** Whether a JSON object is such a record. */
    public static boolean isSarPatch(JsonNode record) {
        return record.isObject() && record.path("band_1").isArray() && record.path("band_2").isArray() && record.has("id");
    }

    public void map(JsonNode record, String path) {
        String id = record.get("id").asText();
        String where = RecordContext.where(path, id);
        float[] hh = band(record.get("band_1"), "band_1", where);
        float[] hv = band(record.get("band_2"), "band_2", where);
        if (hh.length != hv.length) {
            throw new TriplifyException(context.file(), where, "band_1 has " + hh.length + " values, band_2 " + hv.length);
        }
        int side = (int) Math.round(Math.sqrt(hh.length));
        if (side * side != hh.length || side == 0) {
            throw new TriplifyException(context.file(), where, "band_1 has " + hh.length + " values, not a square patch");
        }
        float[] both = new float[2 * hh.length];
        System.arraycopy(hh, 0, both, 0, hh.length);
        System.arraycopy(hv, 0, both, hh.length, hv.length);
        Path sidecar = context.sidecar(IriSegments.encode(id) + ".npy");
        try {
            new NpyArray(new int[] {2, side, side}, both).write(sidecar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the patch pixels to " + sidecar, e);
        }

        GeoRdfWriter out = context.writer();
        Node patch = GeoRdfWriter.iri(base + IriSegments.encode(id));
        out.type(patch, Floe.Patch);
        out.triple(patch, Floe.productId, NodeFactory.createLiteralString(id));
        out.triple(patch, Floe.band, NodeFactory.createLiteralString("HH"));
        out.triple(patch, Floe.band, NodeFactory.createLiteralString("HV"));
        out.triple(patch, Floe.width, JsonLiterals.scalar(com.fasterxml.jackson.databind.node.IntNode.valueOf(side)));
        out.triple(patch, Floe.height, JsonLiterals.scalar(com.fasterxml.jackson.databind.node.IntNode.valueOf(side)));
        out.triple(patch, Floe.rasterFile, GeoRdfWriter.iri(context.sidecarUri(IriSegments.encode(id) + ".npy")));
        JsonNode angle = record.get("inc_angle");
        if (angle != null && angle.isNumber()) {
            out.triple(patch, Floe.incidenceAngle, JsonLiterals.doubleLiteral(angle.doubleValue()));
        } else if (angle != null && !"na".equalsIgnoreCase(angle.asText())) {
            throw new TriplifyException(context.file(), where, "inc_angle is neither a number nor \"na\": " + angle);
        }
        JsonNode label = record.get("is_iceberg");
        if (label != null && !label.isNull()) {
            if (!(label.isIntegralNumber() && (label.asInt() == 0 || label.asInt() == 1))) {
                throw new TriplifyException(context.file(), where, "is_iceberg must be 0 or 1, found " + label);
            }
            Node l = GeoRdfWriter.iri(patch.getURI() + "/label");
            out.type(l, Floe.Label);
            out.triple(l, Floe.sample, patch);
            out.triple(l, Floe.labelClass, NodeFactory.createLiteralString(label.asInt() == 1 ? "iceberg" : "ship"));
        }
    }

    private float[] band(JsonNode values, String name, String where) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            if (!v.isNumber()) {
                throw new TriplifyException(context.file(), where, name + "[" + i + "] is not a number: " + v);
            }
            out[i] = (float) v.doubleValue();
        }
        return out;
    }
}
