package dev.floe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.floe.ml.s2.S2Item;
import dev.floe.ml.s2.S2Patches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code floe s2patches}: cut Sentinel-2 L2A products into labelled patches and triplify them. */
@Command(name = "s2patches", mixinStandardHelpOptions = true,
        description = {"Cut the Sentinel-2 L2A items a STAC catalog, collection or item file leads to into square patches "
                + "of B02, B03, B04, B08 reflectance (OUT.patches/*.npy), each labelled with its majority Sen2Cor SCL class, "
                + "and write them as floe:Patch resources with CRS84 footprints linked to their products (load them with "
                + "the catalog's own triples: floe triplify --input catalog.json).",
                "Band files are read in place: GeoTIFF or JPEG 2000, georeferenced by their GDAL .aux.xml or the item's "
                + "proj:transform."})
final class S2PatchesCommand implements Callable<Integer> {

    @ParentCommand
    Floe floe;

    @Option(names = "--input", required = true, description = "STAC catalog, collection or item JSON (local band files)")
    Path input;

    @Option(names = "--out", required = true, description = "RDF output (.nt, .nq, .ttl, .trig, optionally .gz)")
    Path out;

    @Option(names = "--size", defaultValue = "15", description = "patch side in pixels (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--max-nodata", defaultValue = "0.5", description = "skip patches with more than this fraction of no-data pixels (default: ${DEFAULT-VALUE})")
    double maxNoData;

    @Option(names = "--quiet", description = "no progress or summary on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(input)) {
            throw new UsageException("--input " + input + ": no such file");
        }
        List<Path> items = S2Item.items(input);
        S2Patches.Summary s = new S2Patches(size, maxNoData).cut(items, out, quiet ? null : floe.err());
        if (!quiet) {
            floe.err().printf(Locale.ROOT, "s2patches: %d products, %d patches, %d skipped (over %.0f%% no data); per class %s;"
                    + " %d SCL pixels with a value that is no class, taken as no data%n",
                    s.products(), s.patches(), s.skippedNoData(), maxNoData * 100, new java.util.TreeMap<>(s.perClass()), s.invalidSclPixels());
        }
        return 0;
    }
}
