package dev.floe.triplify.stac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.TriplifySummary;

/** STAC inputs that must be refused: links leaving the catalog's folder, and items that break the STAC spec. */
class StacMapperTest {

    @TempDir
    Path tmp;

    static String catalog(String id, String... links) {
        StringBuilder sb = new StringBuilder("{\"type\":\"Catalog\",\"stac_version\":\"1.0.0\",\"id\":\"" + id
                + "\",\"description\":\"d\",\"links\":[");
        for (int i = 0; i < links.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append("{\"rel\":\"").append(links[i]).append("\",\"href\":\"").append(links[i + 1]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    static String item(String id, String properties, String assets) {
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + id + "\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[15,46]},\"properties\":" + properties + (assets == null ? "" : ",\"assets\":" + assets) + ",\"links\":[]}";
    }

    @Test
    void linksLeavingTheCatalogFolderAreNotFollowedNorRead() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("catalog"));
        Path outside = tmp.resolve("outside.json");
        Files.writeString(outside, "SECRET-TOKEN {\"not\": \"stac\"}");
        Files.writeString(root.resolve("inside.json"), item("inside", "{\"datetime\":\"2023-08-15T10:00:00Z\"}", null));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/catalog.json"), catalog("sub", "item", "../inside.json", "item", "../../outside.json"));
        boolean symlinks;
        try {
            Files.createSymbolicLink(root.resolve("link.json"), outside);
            symlinks = true;
        } catch (UnsupportedOperationException | IOException e) {
            symlinks = false;
        }
        Path catalog = root.resolve("catalog.json");
        Files.writeString(catalog, catalog("root", "child", "sub/catalog.json", "item", "/etc/passwd",
                "item", "file:///proc/self/environ", "child", "../outside.json", "item", "link.json"));
        Path out = tmp.resolve("out.nt");
        TriplifySummary s = new Triplifier(TriplifyOptions.defaults()).triplify(catalog, out);
        assertEquals(3, s.records(), "root, sub and the item inside");
        String refused = String.join("\n", s.linksNotFollowed());
        for (String href : new String[] {"/etc/passwd", "file:///proc/self/environ", "../outside.json", "../../outside.json"}) {
            assertTrue(refused.contains(": " + href + " (outside the catalog's folder " + root.toRealPath() + ")"), refused);
        }
        assertTrue(refused.contains(catalog.toAbsolutePath().normalize() + ": /etc/passwd"), refused);
        assertTrue(refused.contains(root.resolve("sub/catalog.json").toAbsolutePath().normalize() + ": ../../outside.json"), refused);
        if (symlinks) {
            assertTrue(refused.contains(": link.json (outside the catalog's folder"), refused);
        }
        assertEquals(symlinks ? 5 : 4, s.linksNotFollowed().size(), refused);
        assertFalse(Files.readString(out).contains("SECRET"));
        assertTrue(s.describe().contains((symlinks ? 5 : 4) + " STAC links not followed"), s.describe());
    }

    TriplifyException refused(String json) throws IOException {
        Path file = tmp.resolve("item.json");
        Files.writeString(file, json);
        Path out = tmp.resolve("item.nt");
        TriplifyException e = assertThrows(TriplifyException.class, () -> new Triplifier(TriplifyOptions.defaults()).triplify(file, out));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath().normalize() + ": $ (id x): "), e.getMessage());
        assertFalse(Files.exists(out));
        return e;
    }

    @Test
    void itemsWithoutAValidDatetimeAreRefused() throws IOException {
        assertTrue(refused(item("x", "{}", null)).getMessage().endsWith(
                "properties.datetime is required (an RFC 3339 date-time, or null with start_datetime and end_datetime)"));
        assertTrue(refused(item("x", "{\"datetime\":20230815}", null)).getMessage().endsWith(
                "properties.datetime must be an RFC 3339 date-time string, found NUMBER"));
        assertTrue(refused(item("x", "{\"datetime\":\"yesterday\"}", null)).getMessage().endsWith(
                "properties.datetime: \"yesterday\" is not an RFC 3339 date-time"));
        assertTrue(refused(item("x", "{\"datetime\":null,\"start_datetime\":\"2023-08-15T10:00:00Z\"}", null)).getMessage().endsWith(
                "properties.datetime is null, so start_datetime and end_datetime are both required"));
        assertTrue(refused(item("x", "{\"datetime\":\"2023-08-15T10:00:00Z\",\"end_datetime\":[1]}", null)).getMessage().endsWith(
                "properties.end_datetime must be an RFC 3339 date-time string, found ARRAY"));
        Path ok = tmp.resolve("ok.json");
        Files.writeString(ok, item("x", "{\"datetime\":null,\"start_datetime\":\"2023-08-15T10:00:00Z\","
                + "\"end_datetime\":\"2023-08-16T10:00:00Z\"}", null));
        assertEquals(1, new Triplifier(TriplifyOptions.defaults()).triplify(ok, tmp.resolve("ok.nt")).records());
    }

    @Test
    void assetsThatAreNotObjectsAreRefused() throws IOException {
        String props = "{\"datetime\":\"2023-08-15T10:00:00Z\"}";
        assertTrue(refused(item("x", props, "[\"a.tif\"]")).getMessage().endsWith("\"assets\" must be an object, found ARRAY"));
        assertTrue(refused(item("x", props, "{\"red\":\"B04.tif\"}")).getMessage().endsWith(
                "assets.red must be an object, found STRING"));
    }
}
