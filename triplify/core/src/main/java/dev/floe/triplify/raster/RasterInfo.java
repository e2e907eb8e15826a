package dev.floe.triplify.raster;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import dev.floe.geo.Crs84;

/**
 * What floe records about a georeferenced raster: its size in pixels, its bands, its CRS and the affine grid-to-CRS
 * transform (GDAL's geotransform order: x0, pixel width, row rotation, y0, column rotation, pixel height, for pixel
 * corners). Immutable.
 *
 * @param columns      width in pixels
 * @param rows         height in pixels
 * @param bands        the bands, in order
 * @param epsg         the CRS's EPSG code, or null when it has none
 * @param crsName      the CRS's name, for people
 * @param geoTransform the six affine coefficients (see above)
 * @param toCrs84      the CRS to CRS84
 */
public record RasterInfo(int columns, int rows, List<Band> bands, Integer epsg, String crsName, double[] geoTransform,
                         Crs84 toCrs84) {

    /** Points per raster edge in the footprint, so that edges that curve in CRS84 follow the curve. */
    public static final int POINTS_PER_EDGE = 8;

    /** A band: its 1-based index, data type (GDAL's names: Byte, UInt16, Int16, UInt32, Int32, Float32, Float64) and no-data value. */
    public record Band(int index, String dataType, Double noData) {
    }

    public RasterInfo {
        bands = List.copyOf(bands);
        geoTransform = geoTransform.clone();
    }

    /** Where the corner of pixel (column, row) lies in the raster's CRS. */
    public Coordinate toCrs(double column, double row) {
        double[] g = geoTransform;
        return new Coordinate(g[0] + column * g[1] + row * g[2], g[3] + column * g[4] + row * g[5]);
    }

    /** The size of a pixel in CRS units (x, y), positive. */
    public double[] resolution() {
        return new double[] {Math.hypot(geoTransform[1], geoTransform[4]), Math.hypot(geoTransform[2], geoTransform[5])};
    }

    /**
     * The area the pixels cover, in CRS84: the raster's outer boundary (pixel corners), {@link #POINTS_PER_EDGE} points
     * per edge, transformed, counter-clockwise. Rasters that contain a pole or cross the antimeridian are not
     * representable as one CRS84 polygon this way and are refused by the reader.
     */
    public Polygon footprint(GeometryFactory factory) {
        List<Coordinate> ring = new ArrayList<>();
        double[][] corners = {{0, 0}, {columns, 0}, {columns, rows}, {0, rows}};
        for (int c = 0; c < 4; c++) {
            double[] from = corners[c];
            double[] to = corners[(c + 1) % 4];
            for (int k = 0; k < POINTS_PER_EDGE; k++) {
                double f = (double) k / POINTS_PER_EDGE;
                ring.add(toCrs(from[0] + f * (to[0] - from[0]), from[1] + f * (to[1] - from[1])));
            }
        }
        ring.add(ring.get(0).copy());
        Polygon p = factory.createPolygon(ring.toArray(new Coordinate[0]));
        Polygon lonLat = toCrs84 == null ? p : (Polygon) toCrs84.apply(p);
        if (!Orientation.isCCW(lonLat.getExteriorRing().getCoordinateSequence())) {
            lonLat = (Polygon) lonLat.reverse();
        }
        return lonLat;
    }
}
