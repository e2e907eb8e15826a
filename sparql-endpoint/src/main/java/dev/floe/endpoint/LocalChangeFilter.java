package dev.floe.endpoint;

import java.util.Set;

import dev.floe.federation.FederatedGateway;
import dev.floe.federation.Member;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * After a successful write to this server's store ({@code /update}, Graph Store writes), tells the federated
 * gateway that its local-store member changed, so that the member's summary (predicates, classes, bounding box)
 * is never used stale to prune it.
 */
final class LocalChangeFilter implements ContainerResponseFilter {

    private static final Set<String> WRITE_METHODS = Set.of("PUT", "POST", "DELETE", "PATCH");

    private final GatewaySlot slot;

    LocalChangeFilter(GatewaySlot slot) {
        this.slot = slot;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        FederatedGateway gateway = slot.get();
        if (gateway == null || response.getStatus() >= 300) {
            return;
        }
        String path = request.getUriInfo().getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        boolean write = "update".equals(p) || ("data".equals(p) && WRITE_METHODS.contains(request.getMethod()));
        if (write) {
            gateway.federation().members().stream().filter(Member::local).forEach(m -> gateway.changed(m.name()));
        }
    }
}
