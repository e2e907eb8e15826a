package dev.floe.ml.sar;

/**
 * One record of the Statoil/C-CORE "ship or iceberg" data: two square SAR bands in dB (HH as
 * {@code band_1}, HV as {@code band_2}), the incidence angle in degrees ({@code null} where the file says
 * "na") and the label ({@code null} on unlabelled test records; 1 = iceberg, 0 = ship).
 */
public record SarRecord(String id, int side, float[] hh, float[] hv, Double incidenceAngle, Integer isIceberg) {

    /** Class names in label-index order: index 0 is "ship" (is_iceberg 0), index 1 "iceberg". */
    public static final java.util.List<String> CLASSES = java.util.List.of("ship", "iceberg");

    /** The seed's engineered third channel: the per-pixel mean of HH and HV (in dB). */
    public float[] bandAvg() {
        float[] avg = new float[hh.length];
        for (int i = 0; i < avg.length; i++) {
            avg[i] = (hh[i] + hv[i]) / 2f;
        }
        return avg;
    }

    /** The class name of the label, or {@code null} when unlabelled. */
    public String labelClass() {
        return isIceberg == null ? null : CLASSES.get(isIceberg);
    }
}
