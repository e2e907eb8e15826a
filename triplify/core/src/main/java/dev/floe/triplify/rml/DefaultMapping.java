package dev.floe.triplify.rml;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.TriplifyOptions.CsvColumns;
import dev.floe.triplify.csv.CsvSource;
import dev.floe.triplify.gpkg.GeoPackageSource;
import dev.floe.triplify.json.JsonRecordReader;
import dev.floe.triplify.patch.SarPatchMapper;
import dev.floe.triplify.rdf.IriSegments;
import dev.floe.triplify.shapefile.ShapefileSource;
import dev.floe.triplify.stac.StacMapper;

/**
 * Generates the RML mapping that says what floe's default triplify run does with a source, from the source's schema
 * (as GeoTriples' generate_mapping does): for GeoJSON, CSV, GeoPackage and Shapefile features, a triples map whose
 * subjects are {@code data/{dataset}/{id}} (GeoPackage: {@code data/{dataset}/{table}/{id}}) typed geo:Feature, with
 * one {@code attr:} predicate per attribute, and one for their geometries in CRS84 WKT. Running it gives the same
 * triples as the default run, so a user can start from it and edit. The schema of GeoJSON, which has none, is the
 * property names of all features (one streaming pass; at most {@link #MAX_ATTRIBUTES} names).
 *
 * <p>Differences to know: with a label property, the mapping labels every value of it (as an xsd:string) where the
 * default run labels only non-blank strings. STAC and SAR patch files are mapped by floe's built-in mappers and have no
 * generated mapping.
 */
public final class DefaultMapping {

    /** The most distinct attribute names a generated mapping lists. */
    public static final int MAX_ATTRIBUTES = 10_000;
    /** Namespace of the generated mapping's own resources (prefix {@code map:}). */
    public static final String MAP = "https://w3id.org/floe/mapping/";

    private DefaultMapping() {
    }

    /** The default mapping for {@code input} under {@code options} (dataset, class, label, id property, CSV columns, CRS). */
    public static Model generate(Path input, TriplifyOptions options) {
        Path file = input.toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new TriplifyException(file, null, "no such file");
        }
        String dataset = options.dataset() != null ? options.dataset() : Triplifier.datasetName(file);
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefixes(Map.of("rml", Rml.NS, "floe", Floe.NS, "geo", GeoSparql.NS, "attr", Floe.ATTR,
                "rdfs", RDFS.getURI(), "xsd", XSD.getURI(), "map", MAP + IriSegments.encode(dataset) + "#"));
        String base = Floe.DATA + IriSegments.encode(dataset) + "/";
        if (GeoPackageSource.accepts(file)) {
            for (GeoPackageSource.Table t : GeoPackageSource.tables(file)) {
                Resource source = source(m, file, Floe.GeoPackage, options, dataset, t.name());
                source.addProperty(prop(m, Rml.iterator), t.name());
                triplesMaps(m, source, options, dataset, t.name(), base + IriSegments.encode(t.name()) + "/", t.columns());
            }
            return m;
        }
        Resource source;
        List<String> attributes;
        if (ShapefileSource.accepts(file)) {
            source = source(m, file, Floe.Shapefile, options, dataset, null);
            if (options.sourceCrs() != null) {
                source.addProperty(m.createProperty(Floe.sourceCrs.getURI()), options.sourceCrs());
            }
            attributes = ShapefileSource.fields(file);
        } else if (CsvSource.accepts(file)) {
            source = source(m, file, Floe.CsvFeatures, options, dataset, null);
            CsvColumns columns = options.csv() != null ? options.csv() : CsvSource.detectColumns(file);
            attributes = new ArrayList<>(CsvSource.header(file));
            if (columns.wkt() != null) {
                source.addProperty(m.createProperty(Floe.wktColumn.getURI()), columns.wkt());
                attributes.remove(columns.wkt());
            } else {
                source.addProperty(m.createProperty(Floe.lonColumn.getURI()), columns.lon());
                source.addProperty(m.createProperty(Floe.latColumn.getURI()), columns.lat());
            }
            if (options.sourceCrs() != null) {
                source.addProperty(m.createProperty(Floe.sourceCrs.getURI()), options.sourceCrs());
            }
        } else {
            source = source(m, file, Floe.GeoJSON, options, dataset, null);
            attributes = geoJsonAttributes(file);
        }
        triplesMaps(m, source, options, dataset, null, base, attributes);
        return m;
    }

    /** Writes a mapping as Turtle, after a comment saying what it is. */
    public static void write(Model mapping, Path input, OutputStream out) {
        PrintStream p = new PrintStream(out, false, StandardCharsets.UTF_8);
        p.println("# The RML mapping of floe triplify's default run on " + input.toAbsolutePath().normalize());
        p.println("# Edit it and run it with: floe triplify --mapping THIS_FILE --out OUT.nt");
        p.println("# Reserved references of floe's geodata sources: @id @geometryId @geometry @area @length @centroid");
        p.println("# @dimension @isSimple @isValid @envelope (see docs/CLI.md).");
        p.flush();
        RDFDataMgr.write(out, mapping, RDFFormat.TURTLE_PRETTY);
    }

    private static Resource source(Model m, Path file, Resource formulation, TriplifyOptions options, String dataset, String part) {
        Resource s = m.createResource(MAP + IriSegments.encode(dataset) + "#" + (part == null ? "source" : "source-" + IriSegments.encode(part)));
        s.addProperty(RDF.type, m.createResource(Rml.NS + "LogicalSource"));
        s.addProperty(prop(m, Rml.source), file.toString());
        s.addProperty(prop(m, Rml.referenceFormulation), m.createResource(formulation.getURI()));
        if (options.idProperty() != null) {
            s.addProperty(m.createProperty(Floe.idProperty.getURI()), options.idProperty());
        }
        return s;
    }

    private static void triplesMaps(Model m, Resource source, TriplifyOptions options, String dataset, String part,
                                    String featureBase, List<String> attributes) {
        String ns = MAP + IriSegments.encode(dataset) + "#";
        String suffix = part == null ? "" : "-" + IriSegments.encode(part);
        String featureTemplate = Template.escape(featureBase) + "{" + GeometryTerms.ID + "}";
        String geometryTemplate = Template.escape(featureBase) + "{" + GeometryTerms.GEOMETRY_ID + "}/geometry";

        Resource features = m.createResource(ns + "Features" + suffix).addProperty(RDF.type, m.createResource(Rml.TriplesMap));
        features.addProperty(prop(m, Rml.logicalSource), source);
        Resource subject = m.createResource().addProperty(prop(m, Rml.template), featureTemplate)
                .addProperty(prop(m, Rml.clazz), m.createResource(GeoSparql.Feature.getURI()));
        if (options.featureClass() != null) {
            subject.addProperty(prop(m, Rml.clazz), options.featureClass());
        }
        features.addProperty(prop(m, Rml.subjectMap), subject);
        for (String a : attributes) {
            features.addProperty(prop(m, Rml.predicateObjectMap), m.createResource()
                    .addProperty(prop(m, Rml.predicate), m.createResource(Floe.ATTR + IriSegments.encode(a)))
                    .addProperty(prop(m, Rml.objectMap), m.createResource().addProperty(prop(m, Rml.reference), a)));
        }
        if (options.labelProperty() != null) {
            features.addProperty(prop(m, Rml.predicateObjectMap), m.createResource()
                    .addProperty(prop(m, Rml.predicate), RDFS.label)
                    .addProperty(prop(m, Rml.objectMap), m.createResource().addProperty(prop(m, Rml.reference), options.labelProperty())
                            .addProperty(prop(m, Rml.datatype), XSD.xstring)));
        }
        features.addProperty(prop(m, Rml.predicateObjectMap), m.createResource()
                .addProperty(prop(m, Rml.predicate), m.createResource(GeoSparql.hasGeometry.getURI()))
                .addProperty(prop(m, Rml.predicate), m.createResource(GeoSparql.hasDefaultGeometry.getURI()))
                .addProperty(prop(m, Rml.objectMap), m.createResource().addProperty(prop(m, Rml.template), geometryTemplate)));

        Resource geometries = m.createResource(ns + "Geometries" + suffix).addProperty(RDF.type, m.createResource(Rml.TriplesMap));
        geometries.addProperty(prop(m, Rml.logicalSource), source);
        geometries.addProperty(prop(m, Rml.subjectMap), m.createResource().addProperty(prop(m, Rml.template), geometryTemplate)
                .addProperty(prop(m, Rml.clazz), m.createResource(GeoSparql.Geometry.getURI())));
        geometries.addProperty(prop(m, Rml.predicateObjectMap), m.createResource()
                .addProperty(prop(m, Rml.predicate), m.createResource(GeoSparql.asWKT.getURI()))
                .addProperty(prop(m, Rml.objectMap), m.createResource().addProperty(prop(m, Rml.reference), GeometryTerms.GEOMETRY)));
    }

    /** The property names of a GeoJSON file's features, in the order they first appear. */
    private static List<String> geoJsonAttributes(Path file) {
        Set<String> names = new LinkedHashSet<>();
        new JsonRecordReader().read(file, new JsonRecordReader.Handler() {
            @Override
            public void record(JsonNode record, String path) {
                add(record, path);
            }

            @Override
            public void document(ObjectNode document, boolean streamedFeatures) {
                if (document != null && !streamedFeatures) {
                    add(document, "$");
                }
            }

            private void add(JsonNode record, String path) {
                if (StacMapper.isStac(record) || SarPatchMapper.isSarPatch(record)) {
                    throw new TriplifyException(file, path, "a " + (StacMapper.isStac(record) ? "STAC object" : "SAR patch record")
                            + ": these are mapped by floe's built-in mappers, which have no generated RML mapping "
                            + "(default mappings cover GeoJSON features, CSV, GeoPackage and Shapefile sources)");
                }
                JsonNode type = record.get("type");
                if (type == null || !"Feature".equals(type.asText())) {
                    throw new TriplifyException(file, path, "not a GeoJSON Feature");
                }
                JsonNode properties = record.get("properties");
                if (properties != null && properties.isObject()) {
                    properties.fieldNames().forEachRemaining(names::add);
                    if (names.size() > MAX_ATTRIBUTES) {
                        throw new TriplifyException(file, path, "more than " + MAX_ATTRIBUTES
                                + " distinct property names; too many for a generated mapping");
                    }
                }
            }
        });
        return new ArrayList<>(names);
    }

    private static org.apache.jena.rdf.model.Property prop(Model m, String iri) {
        return m.createProperty(iri);
    }
}
