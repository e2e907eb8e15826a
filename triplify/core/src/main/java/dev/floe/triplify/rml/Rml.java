package dev.floe.triplify.rml;

import java.util.Map;
import java.util.Set;

/**
 * The RML vocabulary floe reads: the W3C Knowledge Graph Construction group's RML-Core and RML-IO terms
 * ({@code http://w3id.org/rml/}), and the legacy R2RML ({@code rr:}), RML ({@code http://semweb.mmlab.be/ns/rml#})
 * and query-language ({@code ql:}) terms, which {@link MappingReader} translates to RML-Core first.
 */
public final class Rml {

    private Rml() {
    }

    public static final String NS = "http://w3id.org/rml/";
    public static final String LEGACY_RR = "http://www.w3.org/ns/r2rml#";
    public static final String LEGACY_RML = "http://semweb.mmlab.be/ns/rml#";
    public static final String LEGACY_QL = "http://semweb.mmlab.be/ns/ql#";

    // Classes and individuals
    public static final String TriplesMap = NS + "TriplesMap";
    public static final String IRI = NS + "IRI";
    public static final String URI = NS + "URI";
    public static final String UnsafeIRI = NS + "UnsafeIRI";
    public static final String BlankNode = NS + "BlankNode";
    public static final String Literal = NS + "Literal";
    public static final String defaultGraph = NS + "defaultGraph";
    public static final String JSONPath = NS + "JSONPath";
    public static final String CSV = NS + "CSV";
    public static final String MappingDirectory = NS + "MappingDirectory";
    public static final String CurrentWorkingDirectory = NS + "CurrentWorkingDirectory";

    // Properties
    public static final String logicalSource = NS + "logicalSource";
    public static final String source = NS + "source";
    public static final String referenceFormulation = NS + "referenceFormulation";
    public static final String iterator = NS + "iterator";
    public static final String root = NS + "root";
    public static final String path = NS + "path";
    public static final String subjectMap = NS + "subjectMap";
    public static final String subject = NS + "subject";
    public static final String predicateObjectMap = NS + "predicateObjectMap";
    public static final String predicateMap = NS + "predicateMap";
    public static final String predicate = NS + "predicate";
    public static final String objectMap = NS + "objectMap";
    public static final String object = NS + "object";
    public static final String graphMap = NS + "graphMap";
    public static final String graph = NS + "graph";
    public static final String template = NS + "template";
    public static final String reference = NS + "reference";
    public static final String constant = NS + "constant";
    public static final String termType = NS + "termType";
    public static final String clazz = NS + "class";
    public static final String datatype = NS + "datatype";
    public static final String datatypeMap = NS + "datatypeMap";
    public static final String language = NS + "language";
    public static final String languageMap = NS + "languageMap";
    public static final String parentTriplesMap = NS + "parentTriplesMap";
    public static final String joinCondition = NS + "joinCondition";
    public static final String child = NS + "child";
    public static final String parent = NS + "parent";
    public static final String baseIRI = NS + "baseIRI";

    /**
     * The rml: properties and classes floe implements; any other term in the namespace is a mapping error (among them
     * rml:UnsafeIRI and rml:baseIRI: relative IRIs resolve against https://w3id.org/floe/data/).
     */
    static final Set<String> KNOWN = Set.of(TriplesMap, IRI, URI, BlankNode, Literal, defaultGraph, JSONPath, CSV,
            MappingDirectory, CurrentWorkingDirectory, logicalSource, source, referenceFormulation, iterator, root, path,
            subjectMap, subject, predicateObjectMap, predicateMap, predicate, objectMap, object, graphMap, graph, template,
            reference, constant, termType, clazz, datatype, datatypeMap, language, languageMap, parentTriplesMap,
            joinCondition, child, parent,
            NS + "LogicalSource", NS + "SubjectMap", NS + "PredicateObjectMap", NS + "PredicateMap", NS + "ObjectMap",
            NS + "GraphMap", NS + "RefObjectMap", NS + "Join", NS + "TermMap", NS + "RelativePathSource",
            NS + "DatatypeMap", NS + "LanguageMap", NS + "Source", NS + "FilePath");

    /** Legacy local names that differ from RML-Core's (everything else keeps its local name). */
    static final Map<String, String> LEGACY_RENAMED = Map.of(
            LEGACY_RR + "column", reference,
            LEGACY_RR + "ReferencingObjectMap", NS + "RefObjectMap",
            LEGACY_RR + "LogicalTable", NS + "LogicalSource");

    /** Legacy terms floe cannot translate (relational databases): named in the error. */
    static final Set<String> LEGACY_UNSUPPORTED = Set.of(LEGACY_RR + "logicalTable", LEGACY_RR + "sqlQuery",
            LEGACY_RR + "tableName", LEGACY_RR + "sqlVersion", LEGACY_RR + "inverseExpression", LEGACY_RML + "query",
            LEGACY_QL + "XPath", LEGACY_QL + "CSS3", NS + "XPath");
}
