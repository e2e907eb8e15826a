package dev.floe.ml.s2;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.floe.ml.MlDataException;

/**
 * One band of a raster file, as integer samples in row-major order. Read through Java Image I/O, which picks
 * the reader by the file's content: the JDK's TIFF plugin for (Geo)TIFF, jai-imageio-jpeg2000 for JPEG 2000
 * codestreams (the mapchete-eo test products are J2K codestreams named .tif, 16-bit reflectances and 8-bit
 * SCL). Georeferencing is not read here (see {@link S2Item}).
 */
public record BandRaster(int width, int height, int[] samples) {

    public static BandRaster read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MlDataException(file + ": no such raster file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MlDataException(file + ": no image reader recognises this file (TIFF and JPEG 2000 are supported)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                Raster r = reader.readRaster(0, null);
                return new BandRaster(r.getWidth(), r.getHeight(), r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MlDataException m) {
                throw m;
            }
            throw new MlDataException(file + ": cannot decode the raster: " + e.getMessage(), e);
        }
    }

    public int at(int row, int column) {
        return samples[row * width + column];
    }
}
