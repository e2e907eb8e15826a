package dev.floe.store.geosparql;

import java.util.function.BiFunction;

import org.apache.jena.geosparql.geof.topological.filter_functions.egenhofer.EhDisjointFF;
import org.apache.jena.geosparql.geof.topological.filter_functions.egenhofer.EhEqualsFF;
import org.apache.jena.geosparql.geof.topological.filter_functions.rcc8.RccEqualsFF;
import org.apache.jena.geosparql.geof.topological.filter_functions.simple_features.SfDisjointFF;
import org.apache.jena.geosparql.geof.topological.filter_functions.simple_features.SfEqualsFF;
import org.apache.jena.geosparql.implementation.GeometryWrapper;
import org.apache.jena.geosparql.implementation.index.GeometryLiteralIndex.GeometryIndex;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;


/**
 * Where Jena's topological functions disagree with DE-9IM, the corrected relations floe registers instead.
 *
 * <ul>
 * <li>equals: Jena tests the matrix {@code TFFFTFFFT}, which demands that the boundaries meet, so two equal
 *     points (which have no boundary) are never equal. floe tests {@code T*F**FFF*} (topological equality,
 *     as in GeoSPARQL 1.1 and JTS {@code equalsTopo}); two empty geometries are equal.</li>
 * <li>disjoint: Jena answers false whenever a geometry is empty; DE-9IM disjoint ({@code FF*FF****}) holds.</li>
 * </ul>
 * As FILTER functions (registered through {@code Cancellation.checked}) each first checks that the query has not
 * been cancelled.
 */
public final class TopologyCorrections {

    private TopologyCorrections() {
    }

    static Boolean equalsTopo(Node a, Node b) {
        try {
            GeometryWrapper g1 = GeometryWrapper.extract(a, GeometryIndex.PRIMARY);
            GeometryWrapper g2 = GeometryWrapper.extract(b, GeometryIndex.SECONDARY);
            if (g1.isEmpty() || g2.isEmpty()) {
                return g1.isEmpty() && g2.isEmpty();
            }
            return g1.relate(g2, "T*F**FFF*");
        } catch (Exception e) {
            throw new ExprEvalException(e.getMessage(), e);
        }
    }

    static Boolean disjointOrEmpty(Node a, Node b, BiFunction<Node, Node, Boolean> relation) {
        GeometryWrapper g1 = GeometryWrapper.extract(a, GeometryIndex.PRIMARY);
        GeometryWrapper g2 = GeometryWrapper.extract(b, GeometryIndex.SECONDARY);
        return g1.isEmpty() || g2.isEmpty() || relation.apply(a, b);
    }

    /** geof:sfEquals. */
    public static final class SfEquals extends SfEqualsFF {
        @Override
        public Boolean exec(Node a, Node b) {
            return equalsTopo(a, b);
        }
    }

    /** geof:ehEquals. */
    public static final class EhEquals extends EhEqualsFF {
        @Override
        public Boolean exec(Node a, Node b) {
            return equalsTopo(a, b);
        }
    }

    /** geof:rcc8eq. */
    public static final class RccEquals extends RccEqualsFF {
        @Override
        public Boolean exec(Node a, Node b) {
            return equalsTopo(a, b);
        }
    }

    /** geof:sfDisjoint. */
    public static final class SfDisjoint extends SfDisjointFF {
        @Override
        public Boolean exec(Node a, Node b) {
            return disjointOrEmpty(a, b, super::exec);
        }
    }

    /** geof:ehDisjoint. */
    public static final class EhDisjoint extends EhDisjointFF {
        @Override
        public Boolean exec(Node a, Node b) {
            return disjointOrEmpty(a, b, super::exec);
        }
    }
}
