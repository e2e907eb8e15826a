package dev.floe.interlink;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.floe.geo.Relation;

/**
 * The relations of floe-geo's {@link Relation} table the interlinker finds, and their command-line names. They are
 * the Simple Features relations and floe's covers/coveredBy that imply intersection: blocking proposes only pairs
 * whose envelopes meet, so the disjoint relations cannot be found, and links are written with the Simple Features
 * predicates (Egenhofer and RCC8 relations follow from the same matrix and are left to queries).
 */
public final class LinkRelations {

    /** Every relation the interlinker can find, in the order links of one pair are written. */
    public static final Set<Relation> ALL = Collections.unmodifiableSet(EnumSet.copyOf(Arrays.stream(Relation.values())
            .filter(r -> (r.family() == Relation.Family.SIMPLE_FEATURES || r.family() == Relation.Family.FLOE)
                    && r.impliesIntersection())
            .toList()));

    private LinkRelations() {
    }

    /**
     * A relation's command-line name: the property's local name without the {@code sf} prefix (contains, coveredBy,
     * covers, crosses, equals, intersects, ...).
     */
    public static String cliName(Relation r) {
        String name = r.localName();
        if (r.family() == Relation.Family.SIMPLE_FEATURES) {
            name = name.substring(2, 3).toLowerCase(Locale.ROOT) + name.substring(3);
        }
        return name;
    }

    /** Parses {@code all} or a comma-separated list of names; the error lists the valid names. */
    public static Set<Relation> parse(String spec) {
        if (spec == null || spec.isBlank() || "all".equalsIgnoreCase(spec.strip())) {
            return EnumSet.copyOf(ALL);
        }
        Set<Relation> out = EnumSet.noneOf(Relation.class);
        for (String name : spec.split(",")) {
            Relation found = null;
            for (Relation r : ALL) {
                if (cliName(r).equalsIgnoreCase(name.strip())) {
                    found = r;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown relation '" + name.strip() + "'; use all or some of "
                        + ALL.stream().map(LinkRelations::cliName).toList());
            }
            out.add(found);
        }
        return out;
    }
}
