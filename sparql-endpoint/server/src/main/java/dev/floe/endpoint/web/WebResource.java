package dev.floe.endpoint.web;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floe.endpoint.security.Access;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The analyst's web page: {@code GET /} (query editor, results table, map), its own assets under
 * {@code /assets/}, the third-party assets from webjars under {@code /webjars/}, and the curated example
 * queries as JSON at {@code /queries}. Everything comes from the jar: the page works with no network. None of it
 * comes from the store, so it is {@link Access.Level#PUBLIC}: a server with read keys still serves the page, which
 * sends the analyst's key with its queries.
 */
@Path("/")
@Singleton
@Access(Access.Level.PUBLIC)
public final class WebResource {

    private static final String WEB = "dev/floe/endpoint/web/";
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern WEBJAR_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "geojson", "application/geo+json",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml");

    private final String queriesJson;

    public WebResource() {
        this.queriesJson = toJson(ExampleQueries.load());
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return file(WEB + "index.html", "index.html", false);
    }

    @GET
    @Path("assets/{name}")
    public Response asset(@PathParam("name") String name) {
        if (!ASSET.matcher(name).matches() || name.equals("index.html")) {
            return notFound(name);
        }
        return file(WEB + name, name, false);
    }

    @GET
    @Path("webjars/{path: .+}")
    public Response webjar(@PathParam("path") String path) {
        // the pattern admits no "..", no empty segment and no leading slash: nothing outside the webjars
        if (!WEBJAR_PATH.matcher(path).matches() || path.contains("..")) {
            return notFound(path);
        }
        return file(WEBJARS + path, path, true);
    }

    @GET
    @Path("queries")
    @Produces(MediaType.APPLICATION_JSON)
    public String queries() {
        return queriesJson;
    }

    private static Response file(String resource, String name, boolean immutable) {
        InputStream in = WebResource.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            return notFound(name);
        }
        int dot = name.lastIndexOf('.');
        String type = TYPES.getOrDefault(dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
        CacheControl cache = new CacheControl();
        if (immutable) {
            cache.setMaxAge(86_400); // webjar paths carry the library version
        } else {
            cache.setNoCache(true);
        }
        return Response.ok(in, type).cacheControl(cache).build();
    }

    private static Response notFound(String name) {
        return Response.status(Response.Status.NOT_FOUND).entity("not found: " + name + "\n")
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    private static String toJson(List<ExampleQuery> queries) {
        try {
            return new ObjectMapper().writeValueAsString(queries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the example queries", e);
        }
    }
}
