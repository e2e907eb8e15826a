package dev.floe.triplify.rml;

import java.util.List;
import java.util.Set;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.locationtech.jts.geom.Geometry;
import dev.floe.triplify.rdf.Wkt;

import dev.floe.ontology.GeoSparql;
import dev.floe.triplify.rdf.JsonLiterals;

/**
 * The reserved references of floe's geodata reference formulations: GeoTriples' geometry functions, modelled as
 * references whose names start with {@code @} (so they cannot clash with attribute names, which are plain). All are
 * computed on the feature's geometry in CRS84 as written (after any repair), with JTS:
 * <ul>
 * <li>{@code @id}: the feature's id (its own, else the id property's value, else its position);</li>
 * <li>{@code @geometryId}: the same id, but only when the feature has a geometry (to mint geometry IRIs);</li>
 * <li>{@code @geometry}, {@code @centroid}, {@code @envelope}: WKT literals (geo:wktLiteral, CRS84);</li>
 * <li>{@code @area}, {@code @length}: xsd:double in CRS84 units (square degrees, degrees), as JTS and
 *     GeoTriples compute them; {@code @dimension}: xsd:integer (0 points, 1 lines, 2 areas);</li>
 * <li>{@code @isSimple}, {@code @isValid}: xsd:boolean; {@code @isValid} tells whether the geometry as read was
 *     valid (false when --on-invalid repair had to repair it).</li>
 * </ul>
 * A feature without a geometry has no value for any of them but {@code @id}. Not thread-safe (one WKT writer).
 */
public final class GeometryTerms {

    public static final String ID = "@id";
    public static final String GEOMETRY_ID = "@geometryId";
    public static final String GEOMETRY = "@geometry";
    public static final Set<String> RESERVED = Set.of(ID, GEOMETRY_ID, GEOMETRY, "@area", "@length", "@centroid",
            "@dimension", "@isSimple", "@isValid", "@envelope");

    private final Wkt wkt = new Wkt();

    /** The value of a reserved geometry reference (not @id / @geometryId) for a geometry; empty for none. */
    public List<Node> value(String reference, Geometry g, boolean repaired) {
        if (g == null) {
            return List.of();
        }
        return List.of(switch (reference) {
            case GEOMETRY -> wkt(g);
            case "@area" -> JsonLiterals.doubleLiteral(g.getArea());
            case "@length" -> JsonLiterals.doubleLiteral(g.getLength());
            case "@centroid" -> wkt(g.getCentroid());
            case "@envelope" -> wkt(g.getEnvelope());
            case "@dimension" -> NodeFactory.createLiteralDT(Integer.toString(g.getDimension()), XSDDatatype.XSDinteger);
            case "@isSimple" -> bool(g.isSimple());
            case "@isValid" -> bool(!repaired && g.isValid());
            default -> throw new IllegalArgumentException("not a reserved geometry reference: " + reference);
        });
    }

    private Node wkt(Geometry g) {
        return NodeFactory.createLiteralDT(wkt.write(g), GeoSparql.wktLiteral);
    }

    private static Node bool(boolean b) {
        return NodeFactory.createLiteralDT(Boolean.toString(b), XSDDatatype.XSDboolean);
    }
}
