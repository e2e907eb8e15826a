package dev.floe.ontology;

import org.apache.jena.datatypes.BaseDatatype;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

import dev.floe.geo.Crs84;
import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Relation;

/**
 * The GeoSPARQL 1.1 terms floe writes, as Jena resources built from floe-geo's IRIs ({@link GeoSparqlIris},
 * {@link Relation}).
 *
 * <p>Kept here rather than taken from jena-geosparql so that modules which only write RDF (triplify)
 * do not pull in the GeoSPARQL engine.
 */
public final class GeoSparql {

    /** The GeoSPARQL ontology namespace (prefix {@code geo:}). */
    public static final String NS = GeoSparqlIris.GEO;
    /** The GeoSPARQL function namespace (prefix {@code geof:}). */
    public static final String FUNCTION_NS = GeoSparqlIris.GEOF;
    /** The Simple Features geometry-type namespace (prefix {@code sf:}). */
    public static final String SF_NS = GeoSparqlIris.SF;
    /** OGC CRS84 (lon, lat on WGS84), the default CRS of a WKT literal without a CRS IRI. */
    public static final String CRS84 = Crs84.IRI;

    public static final Resource Feature = ResourceFactory.createResource(GeoSparqlIris.FEATURE);
    public static final Resource Geometry = ResourceFactory.createResource(GeoSparqlIris.GEOMETRY);
    public static final Property hasGeometry = ResourceFactory.createProperty(GeoSparqlIris.HAS_GEOMETRY);
    public static final Property hasDefaultGeometry = ResourceFactory.createProperty(GeoSparqlIris.HAS_DEFAULT_GEOMETRY);
    public static final Property asWKT = ResourceFactory.createProperty(GeoSparqlIris.AS_WKT);
    public static final Property sfContains = ResourceFactory.createProperty(Relation.CONTAINS.propertyIri());
    public static final Property sfCrosses = ResourceFactory.createProperty(Relation.CROSSES.propertyIri());
    public static final Property sfEquals = ResourceFactory.createProperty(Relation.EQUALS.propertyIri());
    public static final Property sfIntersects = ResourceFactory.createProperty(Relation.INTERSECTS.propertyIri());
    public static final Property sfOverlaps = ResourceFactory.createProperty(Relation.OVERLAPS.propertyIri());
    public static final Property sfTouches = ResourceFactory.createProperty(Relation.TOUCHES.propertyIri());
    public static final Property sfWithin = ResourceFactory.createProperty(Relation.WITHIN.propertyIri());
    /** The datatype of WKT geometry literals. */
    public static final RDFDatatype wktLiteral = new BaseDatatype(GeoSparqlIris.WKT_LITERAL);

    private GeoSparql() {
    }
}
