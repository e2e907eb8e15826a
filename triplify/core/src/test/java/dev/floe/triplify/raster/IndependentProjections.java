package dev.floe.triplify.raster;

/**
 * Inverse map projections written from the published formulas, independently of Apache SIS, to check footprints:
 * transverse Mercator by Krüger's series to n⁶ (Karney 2011, accurate to a few nanometres) and polar stereographic
 * (Snyder 1987, variant B). WGS84 ellipsoid; results in degrees (longitude, latitude).
 */
final class IndependentProjections {

    static final double A = 6378137.0;
    static final double F = 1 / 298.257223563;
    static final double E = Math.sqrt(F * (2 - F));

    private IndependentProjections() {
    }

    /** UTM zone {@code zone} north: easting, northing to longitude, latitude. */
    static double[] utmNorthToLonLat(int zone, double easting, double northing) {
        double n = F / (2 - F);
        double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
        double a = A / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
        double[] beta = {
            n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800,
            n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720,
            17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720,
            4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600,
            4583 * n5 / 161280 - 108847 * n6 / 3991680,
            20648693 * n6 / 638668800};
        double k0 = 0.9996;
        double xi = northing / (k0 * a);
        double eta = (easting - 500000) / (k0 * a);
        double xi1 = xi;
        double eta1 = eta;
        for (int j = 1; j <= 6; j++) {
            xi1 -= beta[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
            eta1 -= beta[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
        }
        double chi = Math.asin(Math.sin(xi1) / Math.cosh(eta1));
        double lambda = Math.toRadians(zone * 6 - 183) + Math.atan2(Math.sinh(eta1), Math.cos(xi1));
        return new double[] {Math.toDegrees(lambda), Math.toDegrees(fromConformal(chi))};
    }

    /** Geodetic latitude from conformal latitude, by fixed-point iteration. */
    private static double fromConformal(double chi) {
        double phi = chi;
        for (int i = 0; i < 30; i++) {
            double s = E * Math.sin(phi);
            phi = 2 * Math.atan(Math.pow((1 + s) / (1 - s), E / 2) * Math.tan(Math.PI / 4 + chi / 2)) - Math.PI / 2;
        }
        return phi;
    }

    /** EPSG:3031 (south polar stereographic, standard parallel 71 S, central meridian 0): x, y to longitude, latitude. */
    static double[] antarcticPolarStereographicToLonLat(double x, double y) {
        double phiC = Math.toRadians(71);
        double xs = -x;
        double ys = -y;
        double sc = E * Math.sin(phiC);
        double mc = Math.cos(phiC) / Math.sqrt(1 - sc * sc);
        double tc = Math.tan(Math.PI / 4 - phiC / 2) / Math.pow((1 - sc) / (1 + sc), E / 2);
        double rho = Math.hypot(xs, ys);
        double t = rho * tc / (A * mc);
        double phi = Math.PI / 2 - 2 * Math.atan(t);
        for (int i = 0; i < 30; i++) {
            double s = E * Math.sin(phi);
            phi = Math.PI / 2 - 2 * Math.atan(t * Math.pow((1 - s) / (1 + s), E / 2));
        }
        double lambda = Math.atan2(xs, -ys);
        return new double[] {-Math.toDegrees(lambda), -Math.toDegrees(phi)};
    }
}
