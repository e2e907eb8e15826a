package dev.floe.endpoint;

import org.glassfish.jersey.server.CloseableService;

import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;

import dev.floe.endpoint.security.Access;
import dev.floe.store.GeoStore;

/**
 * The SPARQL 1.1 Protocol query operation at {@code /rdfs/sparql}, under RDFS entailment ({@link Entailment#RDFS}):
 * {@code ?x a ex:B} also finds instances of ex:B's subclasses, {@code ?f geo:hasGeometry ?g} also follows
 * sub-properties such as {@code geo:hasDefaultGeometry}, computed at query time from the schema in the store.
 * Everything else (requests, formats, access, SERVICE allowlist, timeout, errors) is {@link SparqlResource}'s,
 * through the same {@link QueryOperation}.
 */
@Path("/rdfs/sparql")
@Access(Access.Level.READ)
public final class RdfsSparqlResource extends QueryResource {

    @Inject
    public RdfsSparqlResource(GeoStore store, EndpointConfig config, GatewaySlot gateway, QueryAdmission admission,
                              @Context CloseableService closeables, @Context org.glassfish.grizzly.http.server.Request connection,
                              @Context org.glassfish.jersey.server.ContainerRequest request) {
        super(new QueryOperation(store, config, gateway, Entailment.RDFS, admission, closeables, connection, request));
    }
}
