package dev.floe.endpoint;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.vocabulary.RDF;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import dev.floe.ontology.GeoSparql;
import dev.floe.sparql.ResultFormat;

/**
 * The SPARQL 1.1 Service Description of a query endpoint, returned "at the service endpoint in response to a GET
 * with no query" (https://www.w3.org/TR/sparql11-service-description/): the endpoint, SPARQL 1.1 Query, the result
 * formats, its default entailment regime, the {@code geof:} extension functions registered, and
 * {@code sd:BasicFederatedQuery} when the operator allows some SERVICE endpoint. The default graph is the store's
 * own default graph (not the union of its named graphs), so {@code sd:UnionDefaultGraph} is not announced.
 */
final class ServiceDescription {

    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    static final String FORMATS = "http://www.w3.org/ns/formats/";

    /** The W3C format IRIs (http://www.w3.org/ns/formats/) of the formats that have one. */
    private static final Map<ResultFormat, String> FORMAT_IRIS = Map.of(
            ResultFormat.JSON, "SPARQL_Results_JSON", ResultFormat.XML, "SPARQL_Results_XML",
            ResultFormat.CSV, "SPARQL_Results_CSV", ResultFormat.TSV, "SPARQL_Results_TSV",
            ResultFormat.TURTLE, "Turtle", ResultFormat.NTRIPLES, "N-Triples", ResultFormat.JSONLD, "JSON-LD",
            ResultFormat.RDFXML, "RDF_XML");

    private ServiceDescription() {
    }

    /**
     * The RDF syntax to send the description in, when the client names one: the {@code format} parameter, or the
     * first concrete (not wildcard) type of its Accept that is an RDF syntax. Null otherwise: a client that accepts
     * only SPARQL results, or anything at all, sent no query by mistake.
     */
    static ResultFormat format(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            return ResultFormat.byName(format, false);
        }
        if (headers == null) {
            return null;
        }
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (!type.isWildcardType() && !type.isWildcardSubtype()) {
                ResultFormat f = ResultMediaTypes.byMediaType(type, false);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    static Response response(String endpoint, Entailment entailment, EndpointConfig config, ResultFormat syntax) {
        Model description = of(endpoint, entailment, config);
        StreamingOutput body = out -> RDFDataMgr.write(out, description, syntax.lang());
        return Response.ok(body, ResultMediaTypes.withCharset(syntax)).build();
    }

    /** The description of the query endpoint at {@code endpoint}. */
    static Model of(String endpoint, Entailment entailment, EndpointConfig config) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("sd", SD);
        m.setNsPrefix("geof", GeoSparql.FUNCTION_NS);
        m.setNsPrefix("formats", FORMATS);
        Resource service = m.createResource().addProperty(RDF.type, m.createResource(SD + "Service"))
                .addProperty(sd(m, "endpoint"), m.createResource(endpoint))
                .addProperty(sd(m, "supportedLanguage"), m.createResource(SD + "SPARQL11Query"))
                .addProperty(sd(m, "defaultEntailmentRegime"), m.createResource(entailment.regime()));
        for (ResultFormat f : ResultFormat.values()) {
            if (FORMAT_IRIS.containsKey(f)) {
                service.addProperty(sd(m, "resultFormat"), m.createResource(FORMATS + FORMAT_IRIS.get(f)));
            }
        }
        if (!config.remote().services().isEmpty()) {
            service.addProperty(sd(m, "feature"), m.createResource(SD + "BasicFederatedQuery"));
        }
        for (String function : geofFunctions()) {
            service.addProperty(sd(m, "extensionFunction"), m.createResource(function));
        }
        return m;
    }

    /**
     * The GeoSPARQL filter functions Jena has registered; floe's corrections replace some of them, under the same
     * IRIs, in the store's dataset context only.
     */
    private static List<String> geofFunctions() {
        List<String> out = new ArrayList<>();
        for (Iterator<String> keys = FunctionRegistry.get().keys(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.startsWith(GeoSparql.FUNCTION_NS)) {
                out.add(key);
            }
        }
        out.sort(null);
        return out;
    }

    private static Property sd(Model m, String local) {
        return m.createProperty(SD + local);
    }
}
