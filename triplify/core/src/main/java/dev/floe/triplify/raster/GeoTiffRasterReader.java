package dev.floe.triplify.raster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.sis.coverage.SampleDimension;
import org.apache.sis.coverage.grid.GridExtent;
import org.apache.sis.coverage.grid.GridGeometry;
import org.apache.sis.referencing.IdentifiedObjects;
import org.apache.sis.referencing.operation.transform.MathTransforms;
import org.apache.sis.storage.Aggregate;
import org.apache.sis.storage.DataStore;
import org.apache.sis.storage.DataStoreException;
import org.apache.sis.storage.DataStores;
import org.apache.sis.storage.GridCoverageResource;
import org.apache.sis.storage.Resource;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.datum.PixelInCell;
import org.opengis.referencing.operation.Matrix;

import dev.floe.geo.Crs84;
import dev.floe.triplify.TriplifyException;

/**
 * Reads a GeoTIFF's metadata with Apache SIS's GeoTIFF store: the first image's grid extent, CRS (GeoKeys, EPSG
 * codes resolved with SIS's EPSG database), grid-to-CRS transform at pixel corners, and sample dimensions (the GDAL
 * no-data value is SIS's background value). No pixel is read. The header is checked first ({@link TiffDirectory}), and
 * whatever SIS cannot read is reported as a {@link TriplifyException} naming the file.
 */
final class GeoTiffRasterReader {

    private GeoTiffRasterReader() {
    }

    static RasterInfo read(Path file) {
        TiffDirectory directory = TiffDirectory.read(file);
        try {
            return read(file, directory);
        } catch (TriplifyException e) {
            throw e;
        } catch (RuntimeException e) {
            // SIS reports what it cannot read in unchecked exceptions too (BackingStoreException, ArithmeticException, ...)
            throw new TriplifyException(file, null, "not a readable GeoTIFF: " + rootMessage(e), e);
        }
    }

    /** The message of the innermost cause that has one: SIS wraps "circular references" in two layers. */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static RasterInfo read(Path file, TiffDirectory directory) {
        try (DataStore store = DataStores.open(file)) {
            GridCoverageResource image = firstImage(store);
            if (image == null) {
                throw new TriplifyException(file, null, "no image in this TIFF");
            }
            GridGeometry grid = image.getGridGeometry();
            if (!grid.isDefined(GridGeometry.CRS | GridGeometry.GRID_TO_CRS | GridGeometry.EXTENT)) {
                throw new TriplifyException(file, null, "not georeferenced: a GeoTIFF needs a CRS and a grid-to-CRS transform (GeoKeys, "
                        + "ModelTiepoint/ModelPixelScale or ModelTransformation)");
            }
            GridExtent extent = grid.getExtent();
            CoordinateReferenceSystem crs = grid.getCoordinateReferenceSystem();
            Matrix m = MathTransforms.getMatrix(grid.getGridToCRS(PixelInCell.CELL_CORNER));
            if (m == null || m.getNumRow() != 3 || m.getNumCol() != 3) {
                throw new TriplifyException(file, null, "the grid-to-CRS transform is not a 2-D affine one");
            }
            double[] geoTransform = {m.getElement(0, 2), m.getElement(0, 0), m.getElement(0, 1),
                    m.getElement(1, 2), m.getElement(1, 0), m.getElement(1, 1)};
            String type = directory.dataType();
            List<RasterInfo.Band> bands = new ArrayList<>();
            int i = 1;
            for (SampleDimension sd : image.getSampleDimensions()) {
                Double noData = sd.getBackground().map(Number::doubleValue).orElse(null);
                bands.add(new RasterInfo.Band(i++, type, noData));
            }
            Integer epsg;
            try {
                epsg = IdentifiedObjects.lookupEPSG(crs);
            } catch (Exception e) {
                epsg = null;
            }
            Crs84 toCrs84;
            try {
                toCrs84 = Crs84.forCrs(crs, file.getFileName().toString());
            } catch (IllegalArgumentException e) {
                throw new TriplifyException(file, null, e.getMessage(), e);
            }
            return new RasterInfo(Math.toIntExact(extent.getSize(0)), Math.toIntExact(extent.getSize(1)), bands, epsg,
                    crs.getName().getCode(), geoTransform, toCrs84);
        } catch (DataStoreException e) {
            throw new TriplifyException(file, null, "not a readable GeoTIFF: " + rootMessage(e), e);
        }
    }

    private static GridCoverageResource firstImage(Resource r) throws DataStoreException {
        if (r instanceof GridCoverageResource g) {
            return g;
        }
        if (r instanceof Aggregate a) {
            for (Resource c : a.components()) {
                GridCoverageResource g = firstImage(c);
                if (g != null) {
                    return g;
                }
            }
        }
        return null;
    }
}
