package dev.floe.triplify.stac;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.vocabulary.DCAT;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDFS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;
import dev.floe.ontology.Prov;
import dev.floe.triplify.RecordContext;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.rdf.GeoRdfWriter;
import dev.floe.triplify.rdf.IriSegments;
import dev.floe.triplify.rdf.JsonLiterals;

/**
 * Maps STAC Items, Collections and Catalogs (STAC 1.0) to the floe ontology.
 *
 * <p>An Item is a floe:EOProduct (and floe:SARProduct when it carries {@code sar:} fields, floe:OpticalProduct
 * when it carries {@code eo:} fields) at {@code <data/stac/collections/{collection}/items/{id}>}, with its
 * footprint as the default geometry. Well-known fields map to ontology terms ({@link StacFields}); every other
 * field is kept under {@code <https://w3id.org/floe/stac/{prefix}/{name}>}. Assets become floe:Asset
 * distributions. Collections become floe:ProductCollection with their spatial and temporal extent;
 * Catalogs become dcat:Catalog. Item and child links to local files inside the catalog's folder (the folder of the file
 * the user named, symbolic links resolved) are returned for the caller to follow; any other item or child link (remote,
 * missing, or leaving that folder, such as {@code /etc/passwd} or {@code ../../x.json}) is reported as not followed
 * and never opened. Other hrefs (assets, derived_from) are only written as IRIs, never read.
 *
 * <p>Items must follow the STAC spec where floe relies on it: {@code properties.datetime} is an RFC 3339 string, or
 * null with {@code start_datetime} and {@code end_datetime}; {@code assets} is an object of objects.
 */
public final class StacMapper {

    private static final GeometryFactory GF = new GeometryFactory();

    private final RecordContext context;
    private final Path root;
    private Path realRoot;

    /** {@code root}: the catalog's folder, outside which no link is followed. */
    public StacMapper(RecordContext context, Path root) {
        this.context = context;
        this.root = root.toAbsolutePath().normalize();
    }

    /** True when the JSON object is a STAC Item, Collection or Catalog. */
    public static boolean isStac(JsonNode object) {
        return object.has("stac_version");
    }

    /** The IRI of a collection. */
    public static String collectionIri(String id) {
        return Floe.DATA + "stac/collections/" + IriSegments.encode(id);
    }

    /** The IRI of an item, inside its collection when it names one. */
    public static String itemIri(String collection, String id) {
        return collection == null
                ? Floe.DATA + "stac/items/" + IriSegments.encode(id)
                : collectionIri(collection) + "/items/" + IriSegments.encode(id);
    }

    /**
     * Maps one STAC object. Returns the local files its item and child links point to, which the caller
     * reads next; remote links are noted as not followed.
     */
    public List<Path> map(JsonNode stac, String record, Path baseDir) {
        String type = text(stac, "type");
        String id = text(stac, "id");
        if (id == null || id.isBlank()) {
            throw new TriplifyException(context.file(), record, "STAC " + (type == null ? "object" : type) + " has no \"id\"");
        }
        if ("Feature".equals(type)) {
            item(stac, record, id, baseDir);
            return List.of();
        }
        if ("Collection".equals(type)) {
            collection(stac, record, id);
            return localLinks(stac, baseDir);
        }
        if ("Catalog".equals(type)) {
            catalog(stac, id);
            return localLinks(stac, baseDir);
        }
        throw new TriplifyException(context.file(), RecordContext.where(record, id),
                "unknown STAC type \"" + type + "\" (expected Feature, Collection or Catalog)");
    }

    private void item(JsonNode item, String record, String id, Path baseDir) {
        RecordContext.GeometryResult geometry = context.geometry(item.get("geometry"), record, id);
        if (geometry.skipRecord()) {
            return;
        }
        JsonNode properties = item.get("properties");
        if (properties == null || !properties.isObject()) {
            throw new TriplifyException(context.file(), RecordContext.where(record, id), "STAC Item has no \"properties\" object");
        }
        checkDateTime(properties, RecordContext.where(record, id));
        JsonNode assets = item.get("assets");
        if (assets != null && !assets.isNull() && !assets.isObject()) {
            throw new TriplifyException(context.file(), RecordContext.where(record, id),
                    "\"assets\" must be an object, found " + assets.getNodeType());
        }
        String collection = text(item, "collection");
        GeoRdfWriter out = context.writer();
        Node product = GeoRdfWriter.iri(itemIri(collection, id));
        out.type(product, GeoSparql.Feature);
        out.type(product, Floe.EOProduct);
        if (hasPrefix(properties, "sar:")) {
            out.type(product, Floe.SARProduct);
        }
        if (hasPrefix(properties, "eo:")) {
            out.type(product, Floe.OpticalProduct);
        }
        out.triple(product, Floe.productId, NodeFactory.createLiteralString(id));
        out.triple(product, RDFS.label.asNode(), NodeFactory.createLiteralString(id));
        if (collection != null) {
            out.triple(product, Floe.collection, GeoRdfWriter.iri(collectionIri(collection)));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            field(product, e.getKey(), e.getValue(), record, id);
        }
        if (assets != null && assets.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = assets.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) {
                    throw new TriplifyException(context.file(), RecordContext.where(record, id),
                            "assets." + e.getKey() + " must be an object, found " + e.getValue().getNodeType());
                }
                asset(product, e.getKey(), e.getValue(), baseDir);
            }
        }
        for (JsonNode link : array(item, "links")) {
            if ("derived_from".equals(text(link, "rel")) && text(link, "href") != null) {
                out.triple(product, Prov.wasDerivedFrom,
                        GeoRdfWriter.iri(resolve(text(link, "href"), baseDir)));
            }
        }
        if (geometry.geometry() != null) {
            out.geometry(product, geometry.geometry(), Floe.footprint);
        }
    }

    /** STAC: datetime is required; null only when start_datetime and end_datetime are both given. */
    private void checkDateTime(JsonNode properties, String where) {
        JsonNode dateTime = properties.get("datetime");
        if (dateTime == null) {
            throw new TriplifyException(context.file(), where,
                    "properties.datetime is required (an RFC 3339 date-time, or null with start_datetime and end_datetime)");
        }
        if (dateTime.isNull() && !(properties.path("start_datetime").isTextual() && properties.path("end_datetime").isTextual())) {
            throw new TriplifyException(context.file(), where,
                    "properties.datetime is null, so start_datetime and end_datetime are both required");
        }
    }

    private void field(Node product, String key, JsonNode value, String record, String id) {
        StacFields.Mapping mapping = StacFields.mapping(key);
        Property predicate = mapping == null ? null : mapping.property();
        Node p = predicate != null ? predicate.asNode() : GeoRdfWriter.iri(StacFields.fieldIri(key));
        boolean dateTime = mapping != null && mapping.dateTime();
        if (dateTime && !value.isNull() && !value.isTextual()) {
            throw new TriplifyException(context.file(), RecordContext.where(record, id),
                    "properties." + key + " must be an RFC 3339 date-time string, found " + value.getNodeType());
        }
        boolean maybeDateTime = mapping == null && StacFields.looksLikeDateTime(key);
        for (Node literal : JsonLiterals.literals(value)) {
            Node o = literal;
            if ((dateTime || maybeDateTime) && value.isTextual()) {
                o = JsonLiterals.dateTime(literal.getLiteralLexicalForm());
                if (o == null && dateTime) {
                    throw new TriplifyException(context.file(), RecordContext.where(record, id),
                            "properties." + key + ": \"" + literal.getLiteralLexicalForm() + "\" is not an RFC 3339 date-time");
                }
                if (o == null) {
                    o = literal; // only named like a date-time: keep the text as it is
                }
            } else if (mapping != null && mapping.asDouble() && value.isNumber()) {
                o = JsonLiterals.doubleLiteral(value.doubleValue());
            }
            context.writer().triple(product, p, o);
        }
    }

    private void asset(Node product, String key, JsonNode asset, Path baseDir) {
        GeoRdfWriter out = context.writer();
        Node a = GeoRdfWriter.iri(product.getURI() + "/assets/" + IriSegments.encode(key));
        out.triple(product, Floe.asset, a);
        out.type(a, Floe.Asset);
        out.triple(a, Floe.assetKey, NodeFactory.createLiteralString(key));
        String href = text(asset, "href");
        if (href != null) {
            out.triple(a, DCAT.downloadURL, GeoRdfWriter.iri(resolve(href, baseDir)));
        }
        if (text(asset, "type") != null) {
            out.triple(a, DCAT.mediaType, NodeFactory.createLiteralString(text(asset, "type")));
        }
        if (text(asset, "title") != null) {
            out.triple(a, DCTerms.title, NodeFactory.createLiteralString(text(asset, "title")));
        }
        for (JsonNode role : array(asset, "roles")) {
            if (role.isTextual()) {
                out.triple(a, Floe.assetRole, NodeFactory.createLiteralString(role.asText()));
            }
        }
    }

    private void collection(JsonNode collection, String record, String id) {
        GeoRdfWriter out = context.writer();
        Node c = GeoRdfWriter.iri(collectionIri(id));
        out.type(c, Floe.ProductCollection);
        out.type(c, DCAT.Dataset);
        out.triple(c, DCTerms.identifier, NodeFactory.createLiteralString(id));
        out.triple(c, RDFS.label.asNode(), NodeFactory.createLiteralString(text(collection, "title") != null ? text(collection, "title") : id));
        describe(c, collection);
        if (text(collection, "license") != null) {
            out.triple(c, DCTerms.license, NodeFactory.createLiteralString(text(collection, "license")));
        }
        JsonNode extent = collection.path("extent");
        JsonNode bbox = extent.path("spatial").path("bbox").path(0);
        if (bbox.isArray() && (bbox.size() == 4 || bbox.size() == 6)) {
            Geometry footprint = bboxGeometry(bbox, record, id);
            out.type(c, GeoSparql.Feature);
            out.geometry(c, footprint, null);
        }
        JsonNode interval = extent.path("temporal").path("interval").path(0);
        if (interval.isArray() && interval.size() == 2) {
            Node period = GeoRdfWriter.iri(c.getURI() + "/temporal");
            out.triple(c, DCTerms.temporal, period);
            out.type(period, DCTerms.PeriodOfTime);
            bound(period, DCAT.startDate, interval.get(0), record, id);
            bound(period, DCAT.endDate, interval.get(1), record, id);
        }
    }

    private void bound(Node period, Property p, JsonNode value, String record, String id) {
        if (value == null || value.isNull()) {
            return; // an open interval end
        }
        Node t = JsonLiterals.dateTime(value.asText());
        if (t == null) {
            throw new TriplifyException(context.file(), RecordContext.where(record, id),
                    "extent.temporal.interval: \"" + value.asText() + "\" is not an RFC 3339 date-time");
        }
        context.writer().triple(period, p.asNode(), t);
    }

    private Geometry bboxGeometry(JsonNode bbox, String record, String id) {
        for (JsonNode v : bbox) {
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new TriplifyException(context.file(), RecordContext.where(record, id), "extent.spatial.bbox " + bbox
                        + " holds a value that is not a finite number: " + v);
            }
        }
        int dims = bbox.size() / 2;
        double w = bbox.get(0).asDouble();
        double s = bbox.get(1).asDouble();
        double e = bbox.get(dims).asDouble();
        double n = bbox.get(dims + 1).asDouble();
        if (s > n || s < -90 || n > 90 || Math.abs(w) > 180 || Math.abs(e) > 180) {
            throw new TriplifyException(context.file(), RecordContext.where(record, id), "extent.spatial.bbox " + bbox
                    + " is not a WGS84 [west, south, east, north] box");
        }
        if (w <= e) {
            return box(w, s, e, n);
        }
        // crosses the antimeridian (RFC 7946 section 5.2): two boxes
        return GF.createMultiPolygon(new Polygon[] {box(w, s, 180, n), box(-180, s, e, n)});
    }

    private static Polygon box(double w, double s, double e, double n) {
        return GF.createPolygon(new Coordinate[] {
            new Coordinate(w, s), new Coordinate(e, s), new Coordinate(e, n), new Coordinate(w, n), new Coordinate(w, s)});
    }

    private void catalog(JsonNode catalog, String id) {
        GeoRdfWriter out = context.writer();
        Node c = GeoRdfWriter.iri(Floe.DATA + "stac/catalogs/" + IriSegments.encode(id));
        out.type(c, DCAT.Catalog);
        out.triple(c, DCTerms.identifier, NodeFactory.createLiteralString(id));
        out.triple(c, RDFS.label.asNode(), NodeFactory.createLiteralString(text(catalog, "title") != null ? text(catalog, "title") : id));
        describe(c, catalog);
    }

    private void describe(Node subject, JsonNode stac) {
        if (text(stac, "title") != null) {
            context.writer().triple(subject, DCTerms.title.asNode(), NodeFactory.createLiteralString(text(stac, "title")));
        }
        if (text(stac, "description") != null) {
            context.writer().triple(subject, DCTerms.description.asNode(), NodeFactory.createLiteralString(text(stac, "description")));
        }
    }

    private List<Path> localLinks(JsonNode stac, Path baseDir) {
        List<Path> out = new ArrayList<>();
        for (JsonNode link : array(stac, "links")) {
            String rel = text(link, "rel");
            String href = text(link, "href");
            if (href == null || !("item".equals(rel) || "child".equals(rel))) {
                continue;
            }
            Path target = localFile(URI.create(resolve(href, baseDir)));
            if (target == null) {
                context.linkNotFollowed(href, "not a local file");
                continue;
            }
            Path real;
            try {
                real = target.toRealPath();
            } catch (java.io.IOException e) {
                context.linkNotFollowed(href, "no such file");
                continue;
            }
            if (!real.startsWith(realRoot())) {
                // never opened: a catalog must not make floe read (and echo in errors) files elsewhere on the machine
                context.linkNotFollowed(href, "outside the catalog's folder " + realRoot());
            } else if (!Files.isRegularFile(real)) {
                context.linkNotFollowed(href, "not a regular file");
            } else {
                out.add(target);
            }
        }
        return out;
    }

    private static Path localFile(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            return null;
        }
        try {
            return Path.of(uri).normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null; // e.g. file://host/x: not on this machine's file system
        }
    }

    /** The catalog's folder with symbolic links resolved, so that a link to a symbolic link cannot leave it. */
    private Path realRoot() {
        if (realRoot == null) {
            try {
                realRoot = root.toRealPath();
            } catch (java.io.IOException e) {
                realRoot = root;
            }
        }
        return realRoot;
    }

    /** Resolves an href against the directory of the file being read; absolute hrefs stay as they are. */
    private String resolve(String href, Path baseDir) {
        try {
            URI uri = new URI(href);
            if (uri.isAbsolute()) {
                return uri.toString();
            }
            String resolved = baseDir.toAbsolutePath().normalize().toUri().resolve(uri).toString();
            // java.net.URI.resolve drops the empty authority of file:///dir/: write file:///dir/x as Path.toUri does,
            // the form RDF tools take without a warning (Jena: "file:/dir/x", a required component missing)
            return resolved.startsWith("file:/") && !resolved.startsWith("file://") ? "file://" + resolved.substring(5) : resolved;
        } catch (java.net.URISyntaxException e) {
            throw new TriplifyException(context.file(), null, "invalid href \"" + href + "\": " + e.getMessage());
        }
    }

    private static boolean hasPrefix(JsonNode properties, String prefix) {
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isArray() ? v : List.of();
    }
}
