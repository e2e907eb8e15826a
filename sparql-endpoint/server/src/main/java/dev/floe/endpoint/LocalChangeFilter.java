package dev.floe.endpoint;

import dev.floe.endpoint.security.Access;
import dev.floe.endpoint.security.AccessFilter;
import dev.floe.federation.FederatedGateway;
import dev.floe.federation.Member;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * After a successful write to this server's store (any resource method of {@link Access.Level#WRITE}), tells
 * the federated gateway that its local-store member changed, so that the member's summary (predicates,
 * classes, bounding box) is never used stale to prune it.
 */
final class LocalChangeFilter implements ContainerResponseFilter {

    private final GatewaySlot slot;

    @Context
    private ResourceInfo resource;

    LocalChangeFilter(GatewaySlot slot) {
        this.slot = slot;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        FederatedGateway gateway = slot.get();
        if (gateway == null || response.getStatus() >= 300 || resource == null || resource.getResourceMethod() == null) {
            return;
        }
        if (AccessFilter.levelOf(resource, request.getMethod()) == Access.Level.WRITE) {
            gateway.federation().members().stream().filter(Member::local).forEach(m -> gateway.changed(m.name()));
        }
    }
}
