package dev.floe.endpoint;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Lets browser-based SPARQL tools on other origins read query results, as public SPARQL endpoints do.
 * Only reads are open: writes (later) need an API key, which a browser does not send cross-origin by itself.
 */
public final class CorsFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("Access-Control-Allow-Origin", "*");
        response.getHeaders().putSingle("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization, X-API-Key");
        response.getHeaders().putSingle("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        response.getHeaders().putSingle("Access-Control-Expose-Headers", FederatedSparqlResource.WARNING_HEADER);
    }
}
