package dev.floe.endpoint;

import java.io.InputStream;
import java.util.function.Consumer;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LangJSONLD11;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.graph.Triple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;

import dev.floe.endpoint.security.Access;
import dev.floe.store.GeoStore;
import dev.floe.sparql.ResultFormat;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.Variant;

/**
 * The SPARQL 1.1 Graph Store HTTP Protocol at {@code /data}, with indirect graph identification:
 * {@code ?default} or {@code ?graph=IRI}. GET reads a graph (content negotiation as for CONSTRUCT);
 * PUT replaces it, POST adds to it (or, naming no graph, adds quads to the dataset), DELETE drops it; writes need a
 * write key and keep the spatial index current. A body that does not parse is 400 and changes nothing.
 */
@Path("/data")
public final class GraphStoreResource {

    private final GeoStore store;

    @Inject
    public GraphStoreResource(GeoStore store) {
        this.store = store;
    }

    @GET
    @Access(Access.Level.READ)
    public Response get(@QueryParam("default") String isDefault, @QueryParam("graph") String graph, @Context Request request) {
        Node g = target(isDefault, graph);
        if (g == null) {
            return missingTarget();
        }
        if (!store.hasGraph(g)) {
            return SparqlResource.error(Response.Status.NOT_FOUND, "no graph <" + graph + "> in this store");
        }
        Variant v = request.selectVariant(ResultMediaTypes.variants(false));
        if (v == null) {
            return Response.notAcceptable(ResultMediaTypes.variants(false)).build();
        }
        ResultFormat format = ResultMediaTypes.byMediaType(v.getMediaType(), false);
        Dataset dataset = store.dataset();
        StreamingOutput body = out -> Txn.executeRead(dataset, () -> {
            Graph source = Quad.isDefaultGraph(g) ? dataset.asDatasetGraph().getDefaultGraph() : dataset.asDatasetGraph().getGraph(g);
            RDFDataMgr.write(out, source, format.lang());
        });
        return Response.ok(body, ResultMediaTypes.withCharset(format)).build();
    }

    @PUT
    @Access(Access.Level.WRITE)
    public Response put(@QueryParam("default") String isDefault, @QueryParam("graph") String graph,
                        @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        return write(isDefault, graph, contentType, body, (g, parser) -> store.replaceGraph(g, parser)
                ? Response.status(Response.Status.CREATED).build() : Response.noContent().build());
    }

    /**
     * Adds the body to the graph ({@code ?default} or {@code ?graph=IRI}); without either, to the dataset, as Fuseki does:
     * a quads body (N-Quads, TriG) into its graphs, a triples body into the default graph. One transaction per request.
     * Answers 200 with what was added, as Fuseki's upload does: {@code {"count":N,"tripleCount":T,"quadCount":Q}}, and
     * the store after it, {@code "storeSize"} (triples and quads) and {@code "indexed"} (spatial index entries), which
     * {@code floe load --endpoint} reports.
     */
    @POST
    @Access(Access.Level.WRITE)
    public Response post(@QueryParam("default") String isDefault, @QueryParam("graph") String graph,
                         @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Added added = new Added();
        if (target(isDefault, graph) == null) {
            Lang lang = contentType == null ? null : RDFLanguages.contentTypeToLang(contentType.split(";")[0].strip());
            if (lang == null || !RDFLanguages.isTriples(lang) && !RDFLanguages.isQuads(lang)) {
                return SparqlResource.error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "cannot read a body of type '" + contentType
                        + "'; send application/n-quads or application/trig (or a triples syntax, for the default graph), "
                        + "or name the graph with ?default or ?graph=IRI");
            }
            return run(() -> {
                store.write(dsg -> {
                    parser(body, lang).accept(added.counting(StreamRDFLib.dataset(dsg)));
                    return null;
                });
                return added.answer(store);
            });
        }
        return write(isDefault, graph, contentType, body, (g, parser) -> {
            store.mergeGraph(g, sink -> parser.accept(added.counting(sink)));
            return added.answer(store);
        });
    }

    /** What a POST added, counted as it streams into the store. */
    private static final class Added {
        private long triples;
        private long quads;

        StreamRDF counting(StreamRDF sink) {
            return new StreamRDFWrapper(sink) {
                @Override
                public void triple(Triple triple) {
                    triples++;
                    super.triple(triple);
                }

                @Override
                public void quad(Quad quad) {
                    quads++;
                    super.quad(quad);
                }
            };
        }

        Response answer(GeoStore store) {
            ObjectNode json = JSON.createObjectNode();
            json.put("count", triples + quads);
            json.put("tripleCount", triples);
            json.put("quadCount", quads);
            json.put("storeSize", store.size());
            json.put("indexed", store.spatialIndexSize());
            return Response.ok(json + "\n", MediaType.APPLICATION_JSON_TYPE).build();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A write to one graph: checks the target and the body's syntax, then runs it; a bad body changes nothing. */
    private Response write(String isDefault, String graph, String contentType, InputStream body,
                           java.util.function.BiFunction<Node, Consumer<StreamRDF>, Response> operation) {
        Node g = target(isDefault, graph);
        if (g == null) {
            return missingTarget();
        }
        Lang lang = lang(contentType);
        if (lang == null) {
            return unsupported(contentType);
        }
        return run(() -> operation.apply(g, parser(body, lang)));
    }

    /** Runs a write whose body is parsed as it goes; a body that does not parse is 400 and changes nothing. */
    private static Response run(java.util.function.Supplier<Response> write) {
        try {
            return write.get();
        } catch (RiotException e) {
            return badBody(e);
        } catch (StackOverflowError e) {
            return SparqlResource.error(Response.Status.BAD_REQUEST, "the body " + Failures.TOO_DEEP.substring(12)
                    + " (nothing was changed)");
        } catch (RuntimeException e) {
            return Failures.answer(e, "Graph Store write", "nothing was changed: ");
        }
    }

    @DELETE
    @Access(Access.Level.WRITE)
    public Response delete(@QueryParam("default") String isDefault, @QueryParam("graph") String graph) {
        Node g = target(isDefault, graph);
        if (g == null) {
            return missingTarget();
        }
        return store.dropGraph(g) ? Response.noContent().build()
                : SparqlResource.error(Response.Status.NOT_FOUND, "no graph <" + graph + "> in this store");
    }

    private static Node target(String isDefault, String graph) {
        if (graph != null && !graph.isBlank()) {
            try {
                IRIx iri = IRIx.create(graph);
                if (!iri.isAbsolute()) {
                    throw new WebApplicationException(SparqlResource.error(Response.Status.BAD_REQUEST,
                            "graph=" + graph + " is not an absolute IRI"));
                }
            } catch (IRIException e) {
                throw new WebApplicationException(SparqlResource.error(Response.Status.BAD_REQUEST,
                        "graph=" + graph + " is not an IRI: " + e.getMessage()));
            }
            return NodeFactory.createURI(graph);
        }
        return isDefault != null ? Quad.defaultGraphIRI : null;
    }

    /**
     * A strict parser of the body that dereferences nothing: relative IRIs resolve against a fixed base of this
     * server's own (never a file: base), and JSON-LD's {@code @context} documents are never fetched.
     */
    private static Consumer<StreamRDF> parser(InputStream body, Lang lang) {
        return sink -> RDFParser.source(body).lang(lang).base(BODY_BASE)
                .context(org.apache.jena.sparql.util.Context.create().set(LangJSONLD11.JSONLD_OPTIONS, jsonLdOptions()))
                .errorHandler(org.apache.jena.riot.system.ErrorHandlerFactory.errorHandlerStrictNoLogging).parse(sink);
    }

    /** The base of relative IRIs in uploaded bodies. */
    static final String BODY_BASE = "http://floe.invalid/upload/";

    /** JSON-LD processing that refuses to load any document: an upload must be self-contained. */
    private static JsonLdOptions jsonLdOptions() {
        JsonLdOptions options = new JsonLdOptions((url, loaderOptions) -> {
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                    "this server does not fetch JSON-LD contexts (" + url + "): put the context inline in the upload");
        });
        return options;
    }

    private static Lang lang(String contentType) {
        if (contentType == null) {
            return null;
        }
        Lang lang = RDFLanguages.contentTypeToLang(contentType.split(";")[0].strip());
        return lang != null && RDFLanguages.isTriples(lang) ? lang : null;
    }

    private static Response missingTarget() {
        return SparqlResource.error(Response.Status.BAD_REQUEST, "name the graph: ?default or ?graph=IRI");
    }

    private static Response unsupported(String contentType) {
        return SparqlResource.error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "cannot read a body of type '" + contentType
                + "'; send text/turtle, application/n-triples, application/rdf+xml or application/ld+json");
    }

    private static Response badBody(RiotException e) {
        return SparqlResource.error(Response.Status.BAD_REQUEST, "the body does not parse: " + e.getMessage()
                + " (nothing was changed)");
    }
}
