package dev.floe.ontology;

import org.apache.jena.datatypes.BaseDatatype;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

/**
 * The GeoSPARQL 1.1 terms floe writes.
 *
 * <p>Kept here rather than taken from jena-geosparql so that modules which only write RDF (triplify)
 * do not pull in the GeoSPARQL engine and Apache SIS.
 */
public final class GeoSparql {

    /** The GeoSPARQL ontology namespace (prefix {@code geo:}). */
    public static final String NS = "http://www.opengis.net/ont/geosparql#";
    /** The GeoSPARQL function namespace (prefix {@code geof:}). */
    public static final String FUNCTION_NS = "http://www.opengis.net/def/function/geosparql/";
    /** The Simple Features geometry-type namespace (prefix {@code sf:}). */
    public static final String SF_NS = "http://www.opengis.net/ont/sf#";
    /** OGC CRS84 (lon, lat on WGS84), the default CRS of a WKT literal without a CRS IRI. */
    public static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    public static final Resource Feature = ResourceFactory.createResource(NS + "Feature");
    public static final Resource Geometry = ResourceFactory.createResource(NS + "Geometry");
    public static final Property hasGeometry = ResourceFactory.createProperty(NS + "hasGeometry");
    public static final Property hasDefaultGeometry = ResourceFactory.createProperty(NS + "hasDefaultGeometry");
    public static final Property asWKT = ResourceFactory.createProperty(NS + "asWKT");
    public static final Property sfContains = ResourceFactory.createProperty(NS + "sfContains");
    public static final Property sfCrosses = ResourceFactory.createProperty(NS + "sfCrosses");
    public static final Property sfEquals = ResourceFactory.createProperty(NS + "sfEquals");
    public static final Property sfIntersects = ResourceFactory.createProperty(NS + "sfIntersects");
    public static final Property sfOverlaps = ResourceFactory.createProperty(NS + "sfOverlaps");
    public static final Property sfTouches = ResourceFactory.createProperty(NS + "sfTouches");
    public static final Property sfWithin = ResourceFactory.createProperty(NS + "sfWithin");
    /** The datatype of WKT geometry literals. */
    public static final RDFDatatype wktLiteral = new BaseDatatype(NS + "wktLiteral");

    private GeoSparql() {
    }
}
