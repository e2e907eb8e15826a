package dev.floe.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;

import dev.floe.geo.AtomicFiles;
import dev.floe.interlink.FeatureReader;
import dev.floe.interlink.InterlinkStats;
import dev.floe.interlink.Interlinker;
import dev.floe.interlink.LinkRelations;
import dev.floe.interlink.SpatialFeature;
import dev.floe.ontology.Floe;
import dev.floe.ontology.FloeOntology;
import dev.floe.store.GeoStore;
import dev.floe.store.LoadSummary;
import dev.floe.store.StoreException;
import dev.floe.triplify.InvalidGeometryPolicy;
import dev.floe.triplify.ProgressListener;
import dev.floe.triplify.RdfOutputFormat;
import dev.floe.triplify.Triplifier;
import dev.floe.triplify.TriplifyOptions;
import dev.floe.triplify.TriplifySummary;

/**
 * The demo's bundled real data (see NOTICE) and how it gets into a store, along DESIGN's path: the files are
 * copied out of the jar into {@code STORE/demo-input/}, triplified one by one into {@code STORE/demo-input/rdf/},
 * the product footprints interlinked with the countries, ice shelves and seas, and everything loaded with the
 * floe ontology in one transaction. The intermediate files stay so a user can look at them.
 */
public final class DemoData {

    /** A Natural Earth layer: its file, dataset name, class, label and id properties. */
    record Layer(String file, String dataset, Resource featureClass, String labelProperty, String idProperty) {
    }

    private static final String ROOT = "dev/floe/app/demo/";

    static final List<Layer> LAYERS = List.of(
            new Layer("naturalearth/ne_110m_admin_0_countries.json", "countries", Floe.Country, "NAME", "ADM0_A3"),
            new Layer("naturalearth/ne_10m_antarctic_ice_shelves_polys.json", "ice-shelves", Floe.IceShelf, "name", null),
            new Layer("naturalearth/ne_50m_geography_marine_polys.json", "seas", Floe.Sea, "name", null),
            new Layer("naturalearth/ne_50m_glaciated_areas.json", "glaciated-areas", Floe.GlaciatedArea, null, null),
            new Layer("naturalearth/ne_50m_populated_places_simple.json", "populated-places", Floe.PopulatedPlace, "name", null));

    /** STAC documents triplified as they are; the catalog brings its collection and items by its links. */
    static final List<String> STAC_ROOTS = List.of(
            "stac/earthsearch-s1-grd.json", "stac/mspc-s1-grd.json", "stac/mspc-s1-rtc.json",
            "stac/sentinel-1-rtc-pc.json", "stac/sentinel-2-l2a-item.json", "stac/sentinel-2-l2a-item2.json",
            "stac/sentinel-2-l2a-pc.json", "stac/mapchete/catalog.json");

    private static final List<String> MAPCHETE_ITEMS = List.of(
            "S2A_33TWL_20230815_0_L2A", "S2A_33TWL_20230818_0_L2A", "S2A_33TWM_20230815_0_L2A", "S2A_33TWM_20230818_0_L2A",
            "S2B_33TWL_20230810_0_L2A", "S2B_33TWL_20230813_0_L2A", "S2B_33TWL_20230820_0_L2A", "S2B_33TWM_20230810_0_L2A",
            "S2B_33TWM_20230813_0_L2A", "S2B_33TWM_20230820_0_L2A");

    private DemoData() {
    }

    /** Every bundled file, relative to the demo root. */
    static List<String> files() {
        List<String> all = new ArrayList<>();
        LAYERS.forEach(l -> all.add(l.file()));
        all.addAll(STAC_ROOTS);
        all.add("stac/mapchete/sentinel-2-l2a/collection.json");
        MAPCHETE_ITEMS.forEach(i -> all.add("stac/mapchete/sentinel-2-l2a/" + i + "/" + i + ".json"));
        return all;
    }

    /**
     * Triplifies the bundled data and loads it into {@code store}. Messages go to {@code log}.
     * Returns the load's summary.
     */
    public static LoadSummary install(GeoStore store, Consumer<String> log, ProgressListener progress) {
        Path input = store.directory().resolve("demo-input");
        Path rdf = input.resolve("rdf");
        try {
            for (String f : files()) {
                copyOut(f, input.resolve(f));
            }
            Files.createDirectories(rdf);
            List<Path> toLoad = new ArrayList<>();
            Path ontology = rdf.resolve("floe-ontology.ttl");
            RdfOutputFormat.writeAtomically(ontology, (out, format) -> {
                RDFDataMgr.write(out, FloeOntology.ontology(), Lang.TURTLE);
                return null;
            });
            toLoad.add(ontology);
            for (Layer layer : LAYERS) {
                TriplifyOptions options = new TriplifyOptions(layer.dataset(), layer.featureClass(), layer.labelProperty(),
                        layer.idProperty(), InvalidGeometryPolicy.REPAIR);
                toLoad.add(triplify(input.resolve(layer.file()), rdf.resolve(layer.dataset() + ".nt"), options, log, progress));
            }
            List<Path> products = new ArrayList<>();
            for (String stac : STAC_ROOTS) {
                String name = Triplifier.datasetName(Path.of(stac)) + (stac.startsWith("stac/mapchete") ? "-mapchete" : "");
                products.add(triplify(input.resolve(stac), rdf.resolve("stac-" + name + ".nt"), TriplifyOptions.defaults(), log, progress));
            }
            toLoad.addAll(products);
            toLoad.add(interlink(products, rdf, log));
            return store.load(toLoad);
        } catch (IOException e) {
            throw new StoreException("cannot prepare the demo data in " + input + ": " + e.getMessage(), e);
        }
    }

    /** The layers the products are interlinked with, as in DESIGN's path: triplify, interlink, load. */
    static final List<String> LINKED_LAYERS = List.of("countries", "ice-shelves", "seas");

    /**
     * Interlinks every product footprint with the countries, ice shelves and seas (all nine relations) and
     * writes the links to {@code rdf/links-products.nt}.
     */
    private static Path interlink(List<Path> products, Path rdf, Consumer<String> log) throws IOException {
        FeatureReader reader = new FeatureReader(InvalidGeometryPolicy.REPAIR);
        List<SpatialFeature> footprints = reader.read(products).features();
        Path out = rdf.resolve("links-products.nt");
        RdfOutputFormat.writeAtomically(out, (file, format) -> {
            StreamRDF stream = StreamRDFWriter.getWriterStream(file, format.jena());
            stream.start();
            Interlinker interlinker = new Interlinker(LinkRelations.ALL);
            for (String layer : LINKED_LAYERS) {
                FeatureReader.Layer features = reader.read(List.of(rdf.resolve(layer + ".nt")));
                InterlinkStats stats = interlinker.link(footprints, features.features(), (a, r, b) -> stream.triple(
                        Triple.create(NodeFactory.createURI(a.iri()), NodeFactory.createURI(r.propertyIri()), NodeFactory.createURI(b.iri()))));
                log.accept("  products x " + layer + ": " + stats.describe());
            }
            stream.finish();
            return null;
        });
        return out;
    }

    private static Path triplify(Path in, Path out, TriplifyOptions options, Consumer<String> log, ProgressListener progress) {
        TriplifySummary s = new Triplifier(options, progress).triplify(in, out);
        s.repaired().forEach(n -> log.accept("  repaired: " + n));
        s.skipped().forEach(n -> log.accept("  skipped: " + n));
        log.accept("  " + in.getFileName() + ": " + s.describe());
        return out;
    }

    /** Copies a bundled file out of the jar ({@code ROOT + file}) to {@code target}. */
    static void copyOut(String file, Path target) throws IOException {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("demo file missing from the jar: " + ROOT + file);
            }
            AtomicFiles.write(target, in::transferTo);
        }
    }
}
