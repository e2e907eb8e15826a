package dev.floe.interlink;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.apache.jena.rdf.model.Property;
import org.locationtech.jts.geom.IntersectionMatrix;

import dev.floe.ontology.Floe;
import dev.floe.ontology.GeoSparql;

/**
 * The topological relations the interlinker finds, each decided from one DE-9IM matrix exactly as JTS (and
 * so PostGIS's ST_Relate family) defines it, and the predicate its links are written with: GeoSPARQL's
 * Simple Features predicates, and floe:covers / floe:coveredBy where GeoSPARQL has none.
 * Every one of them implies that the geometries intersect, so envelope-intersecting pairs are the only
 * candidates.
 */
public enum Relation {
    CONTAINS(GeoSparql.sfContains) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isContains();
        }
    },
    COVERED_BY(Floe.coveredBy) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isCoveredBy();
        }
    },
    COVERS(Floe.covers) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isCovers();
        }
    },
    CROSSES(GeoSparql.sfCrosses) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isCrosses(dimA, dimB);
        }
    },
    EQUALS(GeoSparql.sfEquals) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isEquals(dimA, dimB);
        }
    },
    INTERSECTS(GeoSparql.sfIntersects) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isIntersects();
        }
    },
    OVERLAPS(GeoSparql.sfOverlaps) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isOverlaps(dimA, dimB);
        }
    },
    TOUCHES(GeoSparql.sfTouches) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isTouches(dimA, dimB);
        }
    },
    WITHIN(GeoSparql.sfWithin) {
        @Override
        public boolean holds(IntersectionMatrix m, int dimA, int dimB) {
            return m.isWithin();
        }
    };

    private final Property predicate;

    Relation(Property predicate) {
        this.predicate = predicate;
    }

    /** Whether the relation holds for the matrix of geometries of dimensions {@code dimA} and {@code dimB}. */
    public abstract boolean holds(IntersectionMatrix m, int dimA, int dimB);

    /** The RDF predicate of this relation's links. */
    public Property predicate() {
        return predicate;
    }

    /** The relation's command-line name: contains, coveredBy, covers, crosses, equals, intersects, ... */
    public String cliName() {
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        return parts.length == 1 ? parts[0] : parts[0] + Character.toUpperCase(parts[1].charAt(0)) + parts[1].substring(1);
    }

    /** Parses {@code all} or a comma-separated list of names; the error lists the valid names. */
    public static Set<Relation> parse(String spec) {
        if (spec == null || spec.isBlank() || "all".equalsIgnoreCase(spec.strip())) {
            return EnumSet.allOf(Relation.class);
        }
        Set<Relation> out = EnumSet.noneOf(Relation.class);
        for (String name : spec.split(",")) {
            Relation found = null;
            for (Relation r : values()) {
                if (r.cliName().equalsIgnoreCase(name.strip())) {
                    found = r;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown relation '" + name.strip() + "'; use all or some of "
                        + java.util.Arrays.stream(values()).map(Relation::cliName).toList());
            }
            out.add(found);
        }
        return out;
    }
}
