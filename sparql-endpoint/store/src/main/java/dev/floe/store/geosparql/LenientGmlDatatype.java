package dev.floe.store.geosparql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.geosparql.implementation.DimensionInfo;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.datatype.GMLDatatype;
import org.apache.jena.geosparql.implementation.vocabulary.SRS_URI;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * geo:gmlLiteral that reads GML as it is written in the wild, not only in the GML 3.2 namespace Jena's
 * reader looks for: the GeoSPARQL ontology namespace ({@code http://www.opengis.net/ont/gml}), the GML 3.1
 * namespace and its https spelling are read as GML 3.2. A GML element without any coordinates is an empty
 * geometry of its type (Jena's reader fails on an empty posList). Leading and trailing whitespace is ignored.
 */
public final class LenientGmlDatatype extends GMLDatatype {

    static final String GML32 = "http://www.opengis.net/gml/3.2";
    private static final Pattern ROOT = Pattern.compile("^<(?:\\w+:)?(\\w+)[\\s>/]");
    private static final Pattern HAS_COORDINATES =
            Pattern.compile("(?s).*<(\\w+:)?(pos|posList|coordinates|lowerCorner)>\\s*[-+0-9.].*");
    private static final Pattern SRS_NAME = Pattern.compile("srsName=[\"']([^\"']+)");

    @Override
    public GeometryWrapper read(String geometryLiteral) {
        String gml = normalise(geometryLiteral);
        Matcher root = ROOT.matcher(gml);
        if (!gml.isEmpty() && root.find() && !HAS_COORDINATES.matcher(gml).matches()) {
            Geometry empty = empty(root.group(1));
            Matcher srs = SRS_NAME.matcher(gml);
            String srsUri = srs.find() ? srs.group(1) : SRS_URI.DEFAULT_WKT_CRS84;
            return new GeometryWrapper(empty, srsUri, URI, new DimensionInfo(2, 2, empty.getDimension()), geometryLiteral);
        }
        return super.read(gml);
    }

    static String normalise(String lexical) {
        String s = lexical.strip();
        for (String other : new String[] {"http://www.opengis.net/ont/gml", "https://www.opengis.net/gml",
                                          "http://www.opengis.net/gml"}) {
            s = s.replace("\"" + other + "\"", "\"" + GML32 + "\"").replace("'" + other + "'", "'" + GML32 + "'");
        }
        return s;
    }

    private static Geometry empty(String element) {
        GeometryFactory f = new GeometryFactory();
        switch (element) {
            case "LineString":
            case "Curve":
            case "LinearRing":
                return f.createLineString();
            case "Polygon":
            case "Surface":
                return f.createPolygon();
            case "MultiPoint":
                return f.createMultiPoint();
            case "MultiCurve":
            case "MultiLineString":
                return f.createMultiLineString();
            case "MultiSurface":
            case "MultiPolygon":
                return f.createMultiPolygon();
            default:
                return f.createPoint();
        }
    }
}
