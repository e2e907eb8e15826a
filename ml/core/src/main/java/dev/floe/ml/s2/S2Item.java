package dev.floe.ml.s2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.geo.GdalPam;
import dev.floe.ml.MlDataException;

/**
 * A Sentinel-2 L2A STAC item with local band files: its id, collection, the files of B02 (blue), B03 (green),
 * B04 (red), B08 (nir) and SCL, each band's scale and offset (raster:bands), and the grid of the files as
 * they are on disk: the EPSG code and the affine geotransform (origin and pixel size) from the GDAL
 * {@code .aux.xml} beside the files, or, without one, from the asset's proj:transform rescaled to the
 * file's size.
 */
public record S2Item(String id, String collection, Path itemFile, Map<String, Path> bands, Map<String, double[]> scaleOffset,
                     Path scl, int epsg, double originX, double originY, double pixelWidth, double pixelHeight) {

    /** The asset keys of the four bands, in channel order, and their Sentinel-2 band names. */
    public static final List<String> ASSETS = List.of("blue", "green", "red", "nir");
    public static final List<String> BAND_NAMES = List.of("B02", "B03", "B04", "B08");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads an item file; its band files must be local. */
    public static S2Item read(Path itemFile) {
        JsonNode item;
        try {
            item = JSON.readTree(itemFile.toFile());
        } catch (IOException e) {
            throw new MlDataException(itemFile + ": not a JSON STAC item: " + e.getMessage(), e);
        }
        if (!"Feature".equals(item.path("type").asText())) {
            throw new MlDataException(itemFile + ": not a STAC item (type " + item.path("type").asText() + ")");
        }
        String id = item.path("id").asText();
        Path dir = itemFile.toAbsolutePath().getParent();
        Map<String, Path> bands = new LinkedHashMap<>();
        Map<String, double[]> scale = new LinkedHashMap<>();
        for (String key : ASSETS) {
            JsonNode asset = item.path("assets").path(key);
            if (asset.isMissingNode()) {
                throw new MlDataException(itemFile + ": item " + id + " has no asset \"" + key + "\"");
            }
            bands.put(key, local(dir, asset, itemFile, key));
            JsonNode rb = asset.path("raster:bands").path(0);
            scale.put(key, new double[] {rb.path("scale").asDouble(1), rb.path("offset").asDouble(0)});
        }
        JsonNode sclAsset = item.path("assets").path("scl");
        if (sclAsset.isMissingNode()) {
            throw new MlDataException(itemFile + ": item " + id + " has no asset \"scl\" (the scene classification)");
        }
        Path scl = local(dir, sclAsset, itemFile, "scl");
        Path aux = GdalPam.sidecarOf(bands.get("blue"));
        int epsg = item.path("properties").path("proj:epsg").asInt(0);
        double[] gt;
        if (Files.isRegularFile(aux)) {
            GdalPam pam;
            try {
                pam = GdalPam.read(aux);
            } catch (IOException e) {
                throw new MlDataException(e.getMessage(), e);
            }
            if (pam.geoTransform() == null) {
                throw new MlDataException(aux + ": no GeoTransform");
            }
            gt = pam.geoTransform();
            epsg = pam.epsg().orElse(epsg);
        } else {
            // proj:transform is for the full-resolution grid; rescale it to the file's size
            JsonNode t = item.path("assets").path("blue").path("proj:transform");
            JsonNode shape = item.path("assets").path("blue").path("proj:shape");
            if (!t.isArray() || !shape.isArray()) {
                throw new MlDataException(itemFile + ": no georeferencing (no " + aux.getFileName() + " and no proj:transform)");
            }
            BandRaster blue = BandRaster.read(bands.get("blue"));
            double factor = shape.get(1).asDouble() / blue.width();
            gt = new double[] {t.get(2).asDouble(), t.get(0).asDouble() * factor, 0, t.get(5).asDouble(), 0, t.get(4).asDouble() * factor};
        }
        if (epsg == 0) {
            throw new MlDataException(itemFile + ": item " + id + " has no proj:epsg and its .aux.xml names no EPSG code");
        }
        if (gt.length != 6 || gt[2] != 0 || gt[4] != 0) {
            throw new MlDataException(itemFile + ": only north-up grids are supported (geotransform " + java.util.Arrays.toString(gt) + ")");
        }
        return new S2Item(id, item.path("collection").isTextual() ? item.path("collection").asText() : null, itemFile, bands, scale,
                scl, epsg, gt[0], gt[3], gt[1], gt[5]);
    }

    private static Path local(Path dir, JsonNode asset, Path itemFile, String key) {
        String href = asset.path("href").asText();
        if (href.isEmpty() || href.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new MlDataException(itemFile + ": asset " + key + " is not a local file: " + href);
        }
        return dir.resolve(href).normalize();
    }

    /** The item files a STAC catalog, collection or item file leads to through local child and item links. */
    public static List<Path> items(Path stacFile) {
        List<Path> out = new ArrayList<>();
        collect(stacFile.toAbsolutePath().normalize(), out, new java.util.HashSet<>());
        return out;
    }

    private static void collect(Path file, List<Path> out, java.util.Set<Path> seen) {
        if (!seen.add(file)) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new MlDataException(file + ": not a JSON STAC file: " + e.getMessage(), e);
        }
        if ("Feature".equals(node.path("type").asText())) {
            out.add(file);
            return;
        }
        for (JsonNode link : node.path("links")) {
            String rel = link.path("rel").asText();
            String href = link.path("href").asText();
            if (("child".equals(rel) || "item".equals(rel)) && !href.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
                collect(file.getParent().resolve(href).normalize(), out, seen);
            }
        }
    }
}
