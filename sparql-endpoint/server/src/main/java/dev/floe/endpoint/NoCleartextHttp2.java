package dev.floe.endpoint;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;

/**
 * Answers a request that offers an upgrade to cleartext HTTP/2 ({@code Upgrade: h2c}, as the JDK's HttpClient and
 * {@code curl --http2} send with every request without a body) in plain HTTP/1.1, as RFC 9113 lets a server do by
 * ignoring the offer. Grizzly 4.0.2 instead marks such a request as an upgrade and then writes its answer without
 * the headers it derives from the entity (Content-Type, Content-Length; upstream glassfish-grizzly issue #2192, fixed
 * after 4.0.2) and closes the connection after it. A filter right after Grizzly's HTTP codec takes the offer back before
 * any handler sees the request. floe serves no HTTP/2, so nothing is lost.
 */
final class NoCleartextHttp2 implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("Grizzly's HTTP codec is not in the listener's filter chain");
        }
        builder.add(codec + 1, new BaseFilter() {
            @Override
            public NextAction handleRead(FilterChainContext ctx) {
                if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader() instanceof HttpRequestPacket request
                        && request.isUpgrade() && "h2c".equalsIgnoreCase(request.getUpgrade())) {
                    request.getUpgradeDC().recycle();
                    request.setIgnoreContentModifiers(false);
                    request.getHeaders().removeHeader(Header.Upgrade);
                    request.getHeaders().removeHeader("HTTP2-Settings");
                }
                return ctx.getInvokeAction();
            }
        });
    }
}
