package dev.floe.federation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.rdf4j.federated.algebra.NJoin;
import org.eclipse.rdf4j.federated.algebra.NUnion;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.vocabulary.RDF;
import org.eclipse.rdf4j.query.algebra.And;
import org.eclipse.rdf4j.query.algebra.Extension;
import org.eclipse.rdf4j.query.algebra.Filter;
import org.eclipse.rdf4j.query.algebra.FunctionCall;
import org.eclipse.rdf4j.query.algebra.Join;
import org.eclipse.rdf4j.query.algebra.LeftJoin;
import org.eclipse.rdf4j.query.algebra.QueryModelNode;
import org.eclipse.rdf4j.query.algebra.StatementPattern;
import org.eclipse.rdf4j.query.algebra.Union;
import org.eclipse.rdf4j.query.algebra.ValueConstant;
import org.eclipse.rdf4j.query.algebra.ValueExpr;
import org.eclipse.rdf4j.query.algebra.Var;
import org.locationtech.jts.geom.Envelope;

import dev.floe.geo.GeoSparqlIris;
import dev.floe.geo.Relation;

/**
 * Source selection by member summaries, before FedX's ASK probes: for each triple pattern of a query, the
 * members that may answer it.
 * <ul>
 * <li>Predicate and class pruning: a member whose summary lacks the pattern's constant predicate (or, for
 * {@code rdf:type}, its constant class) cannot match it. Property-function predicates (GeoSPARQL relations,
 * Jena's spatial and text functions) are computed by the member, not stored, so they are never pruned.</li>
 * <li>Spatial pruning: a pattern {@code ?x geo:asWKT ?w} under a FILTER that requires a GeoSPARQL relation
 * implying that the boxes meet ({@code geof:sfIntersects(?w, G)}, sfWithin, ehCovers, rcc8po..., never the
 * disjoint ones) is kept only at members whose bounding box meets the box of {@code G} when {@code G} is a
 * constant, or meets the box of some member that may bind {@code G} when {@code G} is another
 * {@code geo:asWKT} variable (an already-bound geometry). A property-function pattern ({@code ?f
 * geo:sfWithin "POLYGON(...)"^^geo:wktLiteral}) is kept only where the box meets the constant's.</li>
 * </ul>
 * A FILTER counts only when every node between it and the pattern keeps the pattern's solutions in its scope
 * (joins, unions, both sides of OPTIONAL, BIND, the FILTER's own argument); subqueries, MINUS, EXISTS, LIMIT
 * and SERVICE stop the walk. Members without a summary, or whose geometries could not all be placed, are
 * never pruned. Pure logic over the algebra; thread-safe.
 */
final class SourcePruner {

    private SourcePruner() {
    }

    /** A FILTER condition relating a geometry variable to another variable: both sides are constrained. */
    private record Pair(Filter filter, String left, String right) {
    }

    /**
     * The members (by name) that may answer each pattern (by identity). {@code summaries} holds the members
     * that have one; the others are kept everywhere.
     */
    static Map<StatementPattern, Set<String>> select(List<StatementPattern> patterns, Collection<String> members,
                                                    Map<String, MemberSummary> summaries) {
        return select(patterns, members, summaries, false);
    }

    /**
     * As {@link #select(List, Collection, Map)}; with {@code colocatedFeatures}, a feature's triples and its
     * geometry's triples are taken to live in one member (data split by region and theme, as in GeoFedBench),
     * so a member pruned for one pattern of a feature (in the same group) is pruned for all of them: a member
     * whose box misses the query's area, or that has no such class, is then not asked at all.
     */
    static Map<StatementPattern, Set<String>> select(List<StatementPattern> patterns, Collection<String> members,
                                                    Map<String, MemberSummary> summaries, boolean colocatedFeatures) {
        Map<StatementPattern, Set<String>> allowed = new IdentityHashMap<>();
        for (StatementPattern p : patterns) {
            Set<String> keep = new LinkedHashSet<>();
            for (String m : members) {
                MemberSummary s = summaries.get(m);
                if (s == null || admits(s, p)) {
                    keep.add(m);
                }
            }
            allowed.put(p, keep);
        }
        // constant geometries
        List<Pair> pairs = new ArrayList<>();
        Map<Filter, List<StatementPattern>> geometryPatternsInScope = new IdentityHashMap<>();
        for (StatementPattern p : patterns) {
            Envelope area = null;
            if (isGeometryPattern(p)) {
                String w = p.getObjectVar().getName();
                for (Filter f : scopeFilters(p)) {
                    geometryPatternsInScope.computeIfAbsent(f, k -> new ArrayList<>()).add(p);
                    for (ValueExpr c : conjuncts(f.getCondition())) {
                        if (c instanceof FunctionCall call && isMeetingFunction(call) && call.getArgs().size() == 2) {
                            for (int i = 0; i < 2; i++) {
                                if (isVar(call.getArgs().get(i), w)) {
                                    ValueExpr other = call.getArgs().get(1 - i);
                                    Envelope e = constantEnvelope(other);
                                    if (e != null) {
                                        area = intersection(area, e);
                                    } else if (other instanceof Var v && !v.hasValue()) {
                                        pairs.add(new Pair(f, w, v.getName()));
                                    }
                                }
                            }
                        }
                    }
                }
            } else if (isMeetingPropertyFunction(p)) {
                Envelope e = constantEnvelope(p.getObjectVar());
                if (e == null) {
                    e = constantEnvelope(p.getSubjectVar());
                }
                area = e;
            }
            if (area != null) {
                Envelope a = area;
                allowed.get(p).removeIf(m -> summaries.containsKey(m) && !summaries.get(m).mayIntersect(a));
            }
        }
        // already-bound geometries: prune each side by the boxes of the members left on the other side
        boolean changed = true;
        for (int round = 0; changed && round < 4; round++) {
            changed = false;
            for (Pair pair : pairs) {
                for (StatementPattern a : geometryPatternsInScope.getOrDefault(pair.filter(), List.of())) {
                    if (!a.getObjectVar().getName().equals(pair.left())) {
                        continue;
                    }
                    for (StatementPattern b : geometryPatternsInScope.getOrDefault(pair.filter(), List.of())) {
                        if (b.getObjectVar().getName().equals(pair.right())) {
                            changed |= pruneAgainst(allowed.get(a), allowed.get(b), summaries);
                            changed |= pruneAgainst(allowed.get(b), allowed.get(a), summaries);
                        }
                    }
                }
            }
        }
        if (colocatedFeatures) {
            shareWithinFeatures(patterns, allowed);
        }
        return allowed;
    }

    /** Gives every pattern of one feature (its star and its geometry's star, in one group) the members all of them allow. */
    private static void shareWithinFeatures(List<StatementPattern> patterns, Map<StatementPattern, Set<String>> allowed) {
        Map<String, String> parent = new java.util.HashMap<>();
        Map<StatementPattern, String> subjectKey = new IdentityHashMap<>();
        for (StatementPattern p : patterns) {
            String group = groupOf(p) + "|";
            String s = group + term(p.getSubjectVar());
            subjectKey.put(p, s);
            parent.putIfAbsent(s, s);
            Var pv = p.getPredicateVar();
            if (pv.hasValue() && (pv.getValue().stringValue().equals(GeoSparqlIris.HAS_GEOMETRY)
                    || pv.getValue().stringValue().equals(GeoSparqlIris.HAS_DEFAULT_GEOMETRY)) && !p.getObjectVar().hasValue()) {
                String o = group + term(p.getObjectVar());
                parent.putIfAbsent(o, o);
                parent.put(find(parent, s), find(parent, o));
            }
        }
        Map<String, Set<String>> shared = new java.util.HashMap<>();
        for (StatementPattern p : patterns) {
            String root = find(parent, subjectKey.get(p));
            Set<String> keep = shared.get(root);
            if (keep == null) {
                shared.put(root, new LinkedHashSet<>(allowed.get(p)));
            } else {
                keep.retainAll(allowed.get(p));
            }
        }
        for (StatementPattern p : patterns) {
            allowed.get(p).retainAll(shared.get(find(parent, subjectKey.get(p))));
        }
    }

    private static String find(Map<String, String> parent, String k) {
        String r = k;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        return r;
    }

    private static String term(Var v) {
        return v.hasValue() ? "=" + v.getValue() : "?" + v.getName();
    }

    /**
     * The group a pattern's feature is described in: the first ancestor that is not a join, filter or BIND, and
     * which of its children leads to the pattern (the two sides of an OPTIONAL are two groups).
     */
    private static String groupOf(StatementPattern p) {
        QueryModelNode child = p;
        QueryModelNode n = p.getParentNode();
        while (n instanceof Join || n instanceof NJoin || n instanceof Filter || n instanceof Extension) {
            child = n;
            n = n.getParentNode();
        }
        return System.identityHashCode(n) + "/" + System.identityHashCode(child);
    }

    private static boolean pruneAgainst(Set<String> side, Set<String> other, Map<String, MemberSummary> summaries) {
        return side.removeIf(m -> {
            MemberSummary s = summaries.get(m);
            if (s == null || !s.bboxKnown()) {
                return false;
            }
            for (String n : other) {
                MemberSummary t = summaries.get(n);
                if (t == null || !t.bboxKnown() || (!s.bbox().isNull() && !t.bbox().isNull() && s.bbox().intersects(t.bbox()))) {
                    return false;
                }
            }
            return true;
        });
    }

    private static Envelope intersection(Envelope a, Envelope b) {
        return a == null ? b : a.intersection(b);
    }

    /** Whether the member's predicates and classes allow the pattern to match there. */
    static boolean admits(MemberSummary s, StatementPattern p) {
        Var pv = p.getPredicateVar();
        if (pv == null || !pv.hasValue()) {
            return true;
        }
        String predicate = pv.getValue().stringValue();
        if (isComputedPredicate(predicate)) {
            return true;
        }
        if (!s.predicates().contains(predicate)) {
            return false;
        }
        Var o = p.getObjectVar();
        if (predicate.equals(RDF.TYPE.stringValue()) && o != null && o.hasValue() && o.getValue().isIRI()) {
            return s.classes().contains(o.getValue().stringValue());
        }
        return true;
    }

    /** Predicates a member computes rather than stores: GeoSPARQL relations and Jena's property functions. */
    static boolean isComputedPredicate(String iri) {
        if (Relation.ofProperty(iri).filter(r -> r.functionIri() != null).isPresent()) {
            return true; // a GeoSPARQL relation (floe:covers and floe:coveredBy are stored links)
        }
        return iri.startsWith("http://jena.apache.org/") || iri.startsWith("http://jena.hpl.hp.com/ARQ/");
    }

    private static boolean isGeometryPattern(StatementPattern p) {
        Var pv = p.getPredicateVar();
        Var o = p.getObjectVar();
        return pv != null && pv.hasValue() && GeoSparqlIris.AS_WKT.equals(pv.getValue().stringValue()) && o != null && !o.hasValue();
    }

    private static boolean isMeetingPropertyFunction(StatementPattern p) {
        Var pv = p.getPredicateVar();
        return pv != null && pv.hasValue() && Relation.ofProperty(pv.getValue().stringValue())
                .filter(r -> r.functionIri() != null && r.impliesIntersection()).isPresent();
    }

    private static boolean isMeetingFunction(FunctionCall call) {
        return Relation.ofFunction(call.getURI()).filter(Relation::impliesIntersection).isPresent();
    }

    private static boolean isVar(ValueExpr e, String name) {
        return e instanceof Var v && !v.hasValue() && v.getName().equals(name);
    }

    /** The CRS84 box of a constant WKT literal, or null when {@code e} is not one. */
    private static Envelope constantEnvelope(ValueExpr e) {
        Value v = e instanceof ValueConstant c ? c.getValue() : e instanceof Var var && var.hasValue() ? var.getValue() : null;
        if (!(v instanceof Literal l)) {
            return null;
        }
        Envelope env = MemberSummary.envelope(l.getLabel());
        return env == null || env.isNull() ? null : env;
    }

    private static List<ValueExpr> conjuncts(ValueExpr condition) {
        List<ValueExpr> out = new ArrayList<>();
        if (condition instanceof And and) {
            out.addAll(conjuncts(and.getLeftArg()));
            out.addAll(conjuncts(and.getRightArg()));
        } else if (condition != null) {
            out.add(condition);
        }
        return out;
    }

    /** The FILTERs whose condition every solution that uses this pattern must pass. */
    static List<Filter> scopeFilters(StatementPattern p) {
        List<Filter> out = new ArrayList<>();
        QueryModelNode child = p;
        QueryModelNode parent = p.getParentNode();
        while (parent != null) {
            if (parent instanceof Filter f) {
                if (f.getArg() != child) {
                    break; // the pattern sits in the condition (EXISTS)
                }
                out.add(f);
            } else if (parent instanceof Extension e) {
                if (e.getArg() != child) {
                    break;
                }
            } else if (parent instanceof LeftJoin lj) {
                if (lj.getLeftArg() != child && lj.getRightArg() != child) {
                    break;
                }
            } else if (!(parent instanceof Join || parent instanceof Union || parent instanceof NJoin || parent instanceof NUnion)) {
                break; // projection (subquery), slice, group, MINUS, SERVICE...: the filter's solutions differ
            }
            child = parent;
            parent = parent.getParentNode();
        }
        return out;
    }
}
