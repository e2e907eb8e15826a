package dev.floe.store.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;

import dev.floe.interlink.FeatureReader;
import dev.floe.interlink.Interlinker;
import dev.floe.interlink.LinkRelations;
import dev.floe.interlink.SpatialFeature;
import dev.floe.ontology.Floe;
import dev.floe.ontology.FloeOntology;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.ProgressListener;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;

/**
 * The demo's data as N-Triples, made as {@code floe demo} makes it (app's DemoData: the same bundled files, options,
 * and links between product footprints and countries, ice shelves and seas), read in place from app's resources.
 * Without the predictions, which a served model writes.
 */
final class DemoRdf {

    static final Path DEMO = Path.of("..", "..", "app", "src", "main", "resources", "dev", "floe", "app", "demo");

    private record Layer(String file, String dataset, Resource featureClass, String labelProperty, String idProperty) {
    }

    private static final List<Layer> LAYERS = List.of(
            new Layer("naturalearth/ne_110m_admin_0_countries.json", "countries", Floe.Country, "NAME", "ADM0_A3"),
            new Layer("naturalearth/ne_10m_antarctic_ice_shelves_polys.json", "ice-shelves", Floe.IceShelf, "name", null),
            new Layer("naturalearth/ne_50m_geography_marine_polys.json", "seas", Floe.Sea, "name", null),
            new Layer("naturalearth/ne_50m_glaciated_areas.json", "glaciated-areas", Floe.GlaciatedArea, null, null),
            new Layer("naturalearth/ne_50m_populated_places_simple.json", "populated-places", Floe.PopulatedPlace, "name", null));

    private static final List<String> STAC_ROOTS = List.of(
            "stac/earthsearch-s1-grd.json", "stac/mspc-s1-grd.json", "stac/mspc-s1-rtc.json",
            "stac/sentinel-1-rtc-pc.json", "stac/sentinel-2-l2a-item.json", "stac/sentinel-2-l2a-item2.json",
            "stac/sentinel-2-l2a-pc.json", "stac/mapchete/catalog.json");

    private static final List<String> LINKED = List.of("countries", "ice-shelves", "seas");

    private DemoRdf() {
    }

    /** Writes the demo's N-Triples files into {@code dir}; returns them. */
    static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Path ontology = dir.resolve("floe-ontology.nt");
        try (OutputStream o = Files.newOutputStream(ontology)) {
            RDFDataMgr.write(o, FloeOntology.ontology(), Lang.NTRIPLES);
        }
        out.add(ontology);
        for (Layer l : LAYERS) {
            Path nt = dir.resolve(l.dataset() + ".nt");
            new Triplifier(new TriplifyOptions(l.dataset(), l.featureClass(), l.labelProperty(), l.idProperty(),
                    InvalidGeometryPolicy.REPAIR), ProgressListener.NONE).triplify(DEMO.resolve(l.file()), nt);
            out.add(nt);
        }
        List<Path> products = new ArrayList<>();
        for (String stac : STAC_ROOTS) {
            String name = Triplifier.datasetName(Path.of(stac)) + (stac.startsWith("stac/mapchete") ? "-mapchete" : "");
            Path nt = dir.resolve("stac-" + name + ".nt");
            new Triplifier(TriplifyOptions.defaults(), ProgressListener.NONE).triplify(DEMO.resolve(stac), nt);
            products.add(nt);
        }
        out.addAll(products);
        FeatureReader reader = new FeatureReader(InvalidGeometryPolicy.REPAIR);
        List<SpatialFeature> footprints = reader.read(products).features();
        Path links = dir.resolve("links-products.nt");
        try (OutputStream o = Files.newOutputStream(links)) {
            StreamRDF stream = StreamRDFWriter.getWriterStream(o, Lang.NTRIPLES);
            stream.start();
            Interlinker interlinker = new Interlinker(LinkRelations.ALL);
            for (String layer : LINKED) {
                interlinker.link(footprints, reader.read(List.of(dir.resolve(layer + ".nt"))).features(), (a, r, b) -> stream.triple(
                        Triple.create(NodeFactory.createURI(a.iri()), NodeFactory.createURI(r.propertyIri()), NodeFactory.createURI(b.iri()))));
            }
            stream.finish();
        }
        out.add(links);
        return out;
    }
}
