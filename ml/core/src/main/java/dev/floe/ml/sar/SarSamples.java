package dev.floe.ml.sar;

import java.util.ArrayList;
import java.util.List;

import dev.floe.ml.MlDataException;
import dev.floe.ml.data.ImageSamples;

/**
 * Turns ship-or-iceberg records into the seed's model input: three channels HH, HV and band_avg
 * ((HH+HV)/2), and the incidence angle as one extra feature (NaN where the record says "na"; imputed with
 * the training mean when standardised).
 */
public final class SarSamples {

    private SarSamples() {
    }

    /** Every record must be labelled. */
    public static ImageSamples of(List<SarRecord> records) {
        if (records.isEmpty()) {
            throw new MlDataException("no SAR records");
        }
        int side = records.get(0).side();
        int area = side * side;
        List<String> ids = new ArrayList<>();
        float[][] pixels = new float[records.size()][];
        float[][] extras = new float[records.size()][];
        int[] labels = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            SarRecord r = records.get(i);
            if (r.isIceberg() == null) {
                throw new MlDataException("record " + i + " (id " + r.id() + "): no label is_iceberg");
            }
            if (r.side() != side) {
                throw new MlDataException("record " + i + " (id " + r.id() + "): side " + r.side() + ", the others " + side);
            }
            float[] p = new float[3 * area];
            System.arraycopy(r.hh(), 0, p, 0, area);
            System.arraycopy(r.hv(), 0, p, area, area);
            System.arraycopy(r.bandAvg(), 0, p, 2 * area, area);
            ids.add(r.id());
            pixels[i] = p;
            extras[i] = new float[] {r.incidenceAngle() == null ? Float.NaN : r.incidenceAngle().floatValue()};
            labels[i] = r.isIceberg();
        }
        return new ImageSamples(ids, SarRecord.CLASSES, 3, side, side, 1, pixels, extras, labels);
    }
}
