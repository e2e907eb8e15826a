package dev.floe.store.spark;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;

import dev.floe.geo.Wkt;

/** geo:wktLiteral lexical forms as CRS84 geometries; an empty literal is the empty geometry, as GeoSPARQL says. */
final class GeometryLiterals {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private GeometryLiterals() {
    }

    static Geometry crs84(String lexical) throws ParseException {
        if (Wkt.text(lexical).isBlank()) {
            return FACTORY.createGeometryCollection();
        }
        return Wkt.readCrs84(lexical);
    }
}
