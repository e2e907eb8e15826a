package dev.floe.triplify.rml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.vocabulary.RDF;

import dev.floe.ontology.Floe;
import dev.floe.triplify.TriplifyException;
import dev.floe.triplify.rml.Mapping.JoinCondition;
import dev.floe.triplify.rml.Mapping.LogicalSource;
import dev.floe.triplify.rml.Mapping.PredicateObjectMap;
import dev.floe.triplify.rml.Mapping.RefObjectMap;
import dev.floe.triplify.rml.Mapping.TriplesMap;
import dev.floe.triplify.rml.TermMap.Kind;
import dev.floe.triplify.rml.TermMap.TermType;

/**
 * Reads an RML mapping document (Turtle) into a {@link Mapping}. Legacy R2RML/RML terms are translated to RML-Core
 * first; then every rml: term must be one floe implements, every term map must have exactly one of constant,
 * reference and template, templates must parse, and parent triples maps must exist. Any problem is one
 * {@link TriplifyException} naming the mapping file, the triples map and the term. Relative source paths are
 * resolved against the mapping file's directory.
 */
public final class MappingReader {

    private static final Set<String> FLOE_FORMULATIONS = Set.of(Floe.GeoJSON.getURI(), Floe.Shapefile.getURI(),
            Floe.GeoPackage.getURI(), Floe.CsvFeatures.getURI());

    private final Path file;
    private Model model;

    private MappingReader(Path file) {
        this.file = file;
    }

    /** Reads and checks the mapping in {@code file}. */
    public static Mapping read(Path file) {
        return new MappingReader(file.toAbsolutePath().normalize()).read();
    }

    /** Whether a reference formulation is one of floe's geodata formulations (which know the reserved references). */
    public static boolean isFloeFormulation(String formulation) {
        return FLOE_FORMULATIONS.contains(formulation);
    }

    private Mapping read() {
        if (!Files.isRegularFile(file)) {
            throw new TriplifyException(file, null, "no such mapping file");
        }
        Model raw = ModelFactory.createDefaultModel();
        try {
            RDFParser.source(file).lang(org.apache.jena.riot.RDFLanguages.filenameToLang(file.toString(), Lang.TURTLE))
                    .base(file.toUri().toString()).parse(raw);
        } catch (RiotException e) {
            throw new TriplifyException(file, null, "not a readable RML mapping (Turtle): " + e.getMessage(), e);
        }
        model = translateLegacy(raw);
        checkTerms();
        List<Resource> maps = new ArrayList<>(new LinkedHashSet<>(model.listSubjectsWithProperty(prop(Rml.logicalSource)).toList()));
        for (Resource r : model.listSubjectsWithProperty(RDF.type, model.createResource(Rml.TriplesMap)).toList()) {
            if (!maps.contains(r)) {
                maps.add(r);
            }
        }
        if (maps.isEmpty()) {
            throw new TriplifyException(file, null, "no triples maps (nothing has an rml:logicalSource)");
        }
        maps.sort(Comparator.comparing(this::name));
        List<TriplesMap> out = new ArrayList<>();
        for (Resource r : maps) {
            out.add(triplesMap(r));
        }
        Mapping mapping = new Mapping(file, out);
        for (TriplesMap t : out) {
            for (PredicateObjectMap pom : t.predicateObjectMaps()) {
                for (RefObjectMap ref : pom.refObjects()) {
                    TriplesMap parent = mapping.triplesMap(ref.parentTriplesMap());
                    if (parent == null) {
                        throw error(ref.where(), "rml:parentTriplesMap " + ref.parentTriplesMap() + " is not a triples map of this mapping");
                    }
                    if (ref.joins().isEmpty() && !parent.source().equals(t.source())) {
                        throw error(ref.where(), "the parent triples map " + parent.name()
                                + " reads another logical source, so an rml:joinCondition is needed");
                    }
                    for (JoinCondition j : ref.joins()) {
                        checkReference(t.source(), j.child(), ref.where() + ", rml:child");
                        checkReference(parent.source(), j.parent(), ref.where() + ", rml:parent");
                    }
                }
            }
        }
        return mapping;
    }

    /** A copy of the mapping with legacy rr:, rml: and ql: terms replaced by RML-Core's. */
    private Model translateLegacy(Model raw) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefixes(raw.getNsPrefixMap());
        for (Statement s : raw.listStatements().toList()) {
            m.add(translate(s.getSubject()).asResource(), m.createProperty(translate(s.getPredicate()).asResource().getURI()),
                    translate(s.getObject()));
        }
        return m;
    }

    private RDFNode translate(RDFNode n) {
        if (!n.isURIResource()) {
            return n;
        }
        String iri = n.asResource().getURI();
        if (Rml.LEGACY_UNSUPPORTED.contains(iri)) {
            throw new TriplifyException(file, null, "<" + iri + "> is not supported: floe maps files (JSON, CSV and geodata), not SQL databases or XML");
        }
        String renamed = Rml.LEGACY_RENAMED.get(iri);
        if (renamed != null) {
            return n.getModel().createResource(renamed);
        }
        for (String legacy : new String[] {Rml.LEGACY_RR, Rml.LEGACY_RML, Rml.LEGACY_QL}) {
            if (iri.startsWith(legacy)) {
                return n.getModel().createResource(Rml.NS + iri.substring(legacy.length()));
            }
        }
        return n;
    }

    /** Every rml: term used must be one floe implements. */
    private void checkTerms() {
        for (Statement s : model.listStatements().toList()) {
            for (RDFNode n : new RDFNode[] {s.getPredicate(), s.getObject()}) {
                if (n.isURIResource() && n.asResource().getURI().startsWith(Rml.NS) && !Rml.KNOWN.contains(n.asResource().getURI())) {
                    throw error(where(s.getSubject()), "unknown or unsupported RML term rml:" + n.asResource().getURI().substring(Rml.NS.length()));
                }
            }
        }
    }

    /** A name for messages: the triples map's IRI relative to the mapping file, or a blank-node label. */
    private String name(Resource r) {
        if (r.isURIResource()) {
            String iri = r.getURI();
            String base = file.toUri().toString();
            return iri.startsWith(base) ? "<" + iri.substring(base.length()) + ">" : shortForm(r.asNode());
        }
        return "[" + r.getId().getLabelString() + "]";
    }

    /** The triples map a term belongs to, for messages about terms found outside their context. */
    private String where(Resource r) {
        for (int depth = 0; depth < 6 && r != null; depth++) {
            if (r.hasProperty(prop(Rml.logicalSource)) || r.hasProperty(RDF.type, model.createResource(Rml.TriplesMap))) {
                return "triples map " + name(r);
            }
            List<Statement> in = model.listStatements(null, null, r).toList();
            r = in.isEmpty() ? null : in.get(0).getSubject();
        }
        return null;
    }

    private TriplesMap triplesMap(Resource r) {
        String name = name(r);
        String where = "triples map " + name;
        Resource ls = single(r, Rml.logicalSource, where);
        if (ls == null) {
            throw error(where, "no rml:logicalSource");
        }
        LogicalSource source = logicalSource(ls, where + ", logical source");
        List<TermMap> graphs = new ArrayList<>();
        TermMap subject;
        List<Node> classes = new ArrayList<>();
        Resource sm = single(r, Rml.subjectMap, where);
        RDFNode constantSubject = singleNode(r, Rml.subject, where);
        if (sm != null && constantSubject != null) {
            throw error(where, "has both rml:subjectMap and rml:subject");
        }
        if (sm == null && constantSubject == null) {
            throw error(where, "no rml:subjectMap");
        }
        if (sm != null) {
            subject = termMap(sm, Role.SUBJECT, source, where + ", subject map");
            for (Statement s : sm.listProperties(prop(Rml.clazz)).toList()) {
                if (!s.getObject().isURIResource()) {
                    throw error(where + ", subject map", "rml:class must be an IRI, not " + s.getObject());
                }
                classes.add(s.getObject().asNode());
            }
            graphs.addAll(graphMaps(sm, source, where + ", subject map"));
        } else {
            subject = constant(constantSubject, Role.SUBJECT, where + ", rml:subject");
        }
        List<PredicateObjectMap> poms = new ArrayList<>();
        int i = 0;
        for (Statement s : r.listProperties(prop(Rml.predicateObjectMap)).toList()) {
            poms.add(predicateObjectMap(resource(s, where), source, where + ", predicate-object map " + (++i)));
        }
        return new TriplesMap(name, source, subject, classes, graphs, poms);
    }

    private LogicalSource logicalSource(Resource ls, String where) {
        RDFNode src = singleNode(ls, Rml.source, where);
        if (src == null) {
            throw error(where, "no rml:source");
        }
        Path dir = file.getParent();
        Path path;
        if (src.isLiteral()) {
            path = dir.resolve(src.asLiteral().getLexicalForm());
        } else {
            Resource s = src.asResource();
            Literal p = literal(s, Rml.path, where + ", rml:source");
            if (p == null) {
                throw error(where, "rml:source must be a file path or have an rml:path (only files are supported)");
            }
            Resource root = single(s, Rml.root, where);
            Path base = root != null && root.getURI() != null && root.getURI().equals(Rml.CurrentWorkingDirectory)
                    ? Path.of("").toAbsolutePath() : dir;
            path = base.resolve(p.getLexicalForm());
        }
        Resource formulation = single(ls, Rml.referenceFormulation, where);
        if (formulation == null || !formulation.isURIResource()) {
            throw error(where, "no rml:referenceFormulation (one of rml:JSONPath, rml:CSV, floe:GeoJSON, floe:Shapefile, "
                    + "floe:GeoPackage, floe:CsvFeatures)");
        }
        String f = formulation.getURI();
        if (!f.equals(Rml.JSONPath) && !f.equals(Rml.CSV) && !FLOE_FORMULATIONS.contains(f)) {
            throw error(where, "unsupported reference formulation <" + f + "> (use rml:JSONPath, rml:CSV, floe:GeoJSON, "
                    + "floe:Shapefile, floe:GeoPackage or floe:CsvFeatures)");
        }
        Literal it = literal(ls, Rml.iterator, where);
        String iterator = it == null ? null : it.getLexicalForm();
        if (iterator != null && !f.equals(Rml.JSONPath) && !f.equals(Floe.GeoPackage.getURI())) {
            throw error(where, "rml:iterator is only for rml:JSONPath (a JSONPath) and floe:GeoPackage (a table name)");
        }
        return new LogicalSource(path.normalize(), f, iterator, text(ls, Floe.wktColumn, where), text(ls, Floe.lonColumn, where),
                text(ls, Floe.latColumn, where), text(ls, Floe.sourceCrs, where), text(ls, Floe.idProperty, where));
    }

    private PredicateObjectMap predicateObjectMap(Resource pom, LogicalSource source, String where) {
        List<TermMap> predicates = new ArrayList<>();
        for (Statement s : pom.listProperties(prop(Rml.predicate)).toList()) {
            predicates.add(constant(s.getObject(), Role.PREDICATE, where + ", rml:predicate"));
        }
        for (Statement s : pom.listProperties(prop(Rml.predicateMap)).toList()) {
            predicates.add(termMap(resource(s, where), Role.PREDICATE, source, where + ", predicate map"));
        }
        if (predicates.isEmpty()) {
            throw error(where, "no rml:predicate or rml:predicateMap");
        }
        String about = predicates.get(0).constant() != null ? " of " + shortForm(predicates.get(0).constant()) : "";
        List<TermMap> objects = new ArrayList<>();
        List<RefObjectMap> refs = new ArrayList<>();
        for (Statement s : pom.listProperties(prop(Rml.object)).toList()) {
            objects.add(constant(s.getObject(), Role.OBJECT, where + ", rml:object" + about));
        }
        for (Statement s : pom.listProperties(prop(Rml.objectMap)).toList()) {
            Resource om = resource(s, where);
            String omWhere = where + ", object map" + about;
            Resource parent = single(om, Rml.parentTriplesMap, omWhere);
            if (parent != null) {
                List<JoinCondition> joins = new ArrayList<>();
                for (Statement j : om.listProperties(prop(Rml.joinCondition)).toList()) {
                    Resource jc = resource(j, omWhere);
                    Literal child = literal(jc, Rml.child, omWhere + ", join condition");
                    Literal par = literal(jc, Rml.parent, omWhere + ", join condition");
                    if (child == null || par == null) {
                        throw error(omWhere + ", join condition", "needs both rml:child and rml:parent");
                    }
                    joins.add(new JoinCondition(child.getLexicalForm(), par.getLexicalForm()));
                }
                refs.add(new RefObjectMap(name(parent), joins, omWhere));
            } else {
                objects.add(termMap(om, Role.OBJECT, source, omWhere));
            }
        }
        if (objects.isEmpty() && refs.isEmpty()) {
            throw error(where, "no rml:object or rml:objectMap");
        }
        return new PredicateObjectMap(predicates, objects, refs, graphMaps(pom, source, where));
    }

    private List<TermMap> graphMaps(Resource r, LogicalSource source, String where) {
        List<TermMap> out = new ArrayList<>();
        for (Statement s : r.listProperties(prop(Rml.graph)).toList()) {
            out.add(constant(s.getObject(), Role.GRAPH, where + ", rml:graph"));
        }
        for (Statement s : r.listProperties(prop(Rml.graphMap)).toList()) {
            out.add(termMap(resource(s, where), Role.GRAPH, source, where + ", graph map"));
        }
        return out;
    }

    /** The roles a term map plays, which decide its default and allowed term types. */
    private enum Role { SUBJECT, PREDICATE, OBJECT, GRAPH, DATATYPE, LANGUAGE }

    private TermMap constant(RDFNode value, Role role, String where) {
        if (value.isAnon()) {
            throw error(where, "a constant must be an IRI or a literal, not a blank node");
        }
        if (value.isLiteral() && role != Role.OBJECT) {
            throw error(where, "a " + role.name().toLowerCase() + " must be an IRI, not the literal " + value);
        }
        return new TermMap(Kind.CONSTANT, value.asNode(), null, null, value.isLiteral() ? TermType.LITERAL : TermType.IRI,
                null, null, null, null, where);
    }

    private TermMap termMap(Resource r, Role role, LogicalSource source, String where) {
        RDFNode constant = singleNode(r, Rml.constant, where);
        Literal reference = literal(r, Rml.reference, where);
        Literal template = literal(r, Rml.template, where);
        int kinds = (constant != null ? 1 : 0) + (reference != null ? 1 : 0) + (template != null ? 1 : 0);
        if (kinds != 1) {
            throw error(where, kinds == 0 ? "needs one of rml:constant, rml:reference or rml:template"
                    : "has more than one of rml:constant, rml:reference and rml:template");
        }
        Resource tt = single(r, Rml.termType, where);
        Literal language = literal(r, Rml.language, where);
        Resource datatype = single(r, Rml.datatype, where);
        Resource languageMapR = single(r, Rml.languageMap, where);
        Resource datatypeMapR = single(r, Rml.datatypeMap, where);
        TermType type;
        if (tt != null) {
            type = switch (String.valueOf(tt.getURI())) {
                case Rml.IRI, Rml.URI -> TermType.IRI;
                case Rml.BlankNode -> TermType.BLANK_NODE;
                case Rml.Literal -> TermType.LITERAL;
                default -> throw error(where, "unknown rml:termType " + tt + " (rml:IRI, rml:BlankNode or rml:Literal)");
            };
        } else if (role == Role.OBJECT && (reference != null || language != null || datatype != null
                || languageMapR != null || datatypeMapR != null || constant != null && constant.isLiteral())) {
            type = TermType.LITERAL;
        } else if (role == Role.DATATYPE || role == Role.LANGUAGE) {
            type = role == Role.DATATYPE ? TermType.IRI : TermType.LITERAL;
        } else {
            type = TermType.IRI;
        }
        if (type == TermType.LITERAL && role != Role.OBJECT && role != Role.LANGUAGE) {
            throw error(where, "a " + role.name().toLowerCase() + " cannot be a literal");
        }
        if (type == TermType.BLANK_NODE && role != Role.OBJECT && role != Role.SUBJECT) {
            throw error(where, "a " + role.name().toLowerCase() + " cannot be a blank node");
        }
        if ((language != null || languageMapR != null) && (datatype != null || datatypeMapR != null)) {
            throw error(where, "has both a language and a datatype");
        }
        if ((language != null || datatype != null || languageMapR != null || datatypeMapR != null) && type != TermType.LITERAL) {
            throw error(where, "rml:language and rml:datatype are only for literals");
        }
        if (language != null && !language.getLexicalForm().matches("[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")) {
            throw error(where, "rml:language \"" + language.getLexicalForm() + "\" is not a BCP 47 language tag");
        }
        if (datatype != null && !datatype.isURIResource()) {
            throw error(where, "rml:datatype must be an IRI");
        }
        Node constantNode = null;
        if (constant != null) {
            if (constant.isAnon()) {
                throw error(where, "rml:constant must be an IRI or a literal");
            }
            if (constant.isLiteral() && type != TermType.LITERAL) {
                throw error(where, "the constant " + constant + " is a literal, but the term type is " + type);
            }
            constantNode = constant.asNode();
        }
        Template parsed = null;
        if (template != null) {
            try {
                parsed = Template.parse(template.getLexicalForm());
            } catch (IllegalArgumentException e) {
                throw error(where, e.getMessage());
            }
        }
        String ref = reference == null ? null : reference.getLexicalForm();
        TermMap out = new TermMap(constant != null ? Kind.CONSTANT : reference != null ? Kind.REFERENCE : Kind.TEMPLATE,
                constantNode, ref, parsed, type, datatype == null ? null : datatype.getURI(),
                datatypeMapR == null ? null : termMap(datatypeMapR, Role.DATATYPE, source, where + ", datatype map"),
                language == null ? null : language.getLexicalForm(),
                languageMapR == null ? null : termMap(languageMapR, Role.LANGUAGE, source, where + ", language map"), where);
        for (String reference1 : out.references()) {
            checkReference(source, reference1, where);
        }
        return out;
    }

    /** Reserved references (@geometry...) need a floe geodata source and must be ones floe knows. */
    private void checkReference(LogicalSource source, String reference, String where) {
        if (reference.isEmpty()) {
            throw error(where, "empty reference");
        }
        if (reference.startsWith("@") && isFloeFormulation(source.formulation())) {
            if (!GeometryTerms.RESERVED.contains(reference)) {
                throw error(where, "unknown reserved reference " + reference + " (known: " + GeometryTerms.RESERVED + ")");
            }
        } else if (GeometryTerms.RESERVED.contains(reference) && !reference.equals(GeometryTerms.ID)) {
            // @id stays a plain reference outside geodata sources: JSON-LD records have "@id" members
            throw error(where, "the reserved reference " + reference + " needs a floe geodata source (floe:GeoJSON, "
                    + "floe:Shapefile, floe:GeoPackage or floe:CsvFeatures), not " + shortForm(NodeFactory.createURI(source.formulation())));
        }
    }

    private String shortForm(Node n) {
        if (!n.isURI()) {
            return n.toString();
        }
        for (Map.Entry<String, String> e : model.getNsPrefixMap().entrySet()) {
            if (n.getURI().startsWith(e.getValue()) && n.getURI().length() > e.getValue().length()) {
                return e.getKey() + ":" + n.getURI().substring(e.getValue().length());
            }
        }
        if (n.getURI().startsWith(Rml.NS)) {
            return "rml:" + n.getURI().substring(Rml.NS.length());
        }
        return "<" + n.getURI() + ">";
    }

    private Property prop(String iri) {
        return model.createProperty(iri);
    }

    private RDFNode singleNode(Resource r, String property, String where) {
        List<Statement> values = r.listProperties(prop(property)).toList();
        if (values.size() > 1) {
            throw error(where, "more than one " + shortForm(NodeFactory.createURI(property)));
        }
        return values.isEmpty() ? null : values.get(0).getObject();
    }

    private Resource single(Resource r, String property, String where) {
        RDFNode n = singleNode(r, property, where);
        if (n != null && !n.isResource()) {
            throw error(where, shortForm(NodeFactory.createURI(property)) + " must be a resource, not the literal " + n);
        }
        return n == null ? null : n.asResource();
    }

    private Literal literal(Resource r, String property, String where) {
        RDFNode n = singleNode(r, property, where);
        if (n != null && !n.isLiteral()) {
            throw error(where, shortForm(NodeFactory.createURI(property)) + " must be a literal, not " + n);
        }
        return n == null ? null : n.asLiteral();
    }

    private String text(Resource r, Property property, String where) {
        Literal l = literal(r, property.getURI(), where);
        return l == null ? null : l.getLexicalForm();
    }

    private Resource resource(Statement s, String where) {
        if (!s.getObject().isResource()) {
            throw error(where, shortForm(s.getPredicate().asNode()) + " must point to a term map, not the literal " + s.getObject());
        }
        return s.getObject().asResource();
    }

    private TriplifyException error(String where, String problem) {
        return new TriplifyException(file, where, problem);
    }
}
