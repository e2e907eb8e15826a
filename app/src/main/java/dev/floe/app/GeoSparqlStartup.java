package dev.floe.app;

import org.apache.jena.atlas.logging.LogCtlJUL;

import picocli.CommandLine.ParseResult;

/**
 * Decides, once per {@code floe} process and before Jena starts, whether jena-geosparql's subsystem starts with Jena.
 * Jena starts every subsystem it finds (ServiceLoader), and jena-geosparql's one resolves CRS84 through Apache SIS,
 * which boots the EPSG database (Derby) when it is on the class path: about 1.7 s of CPU (docs/BENCHMARKS.md).
 * A command that only writes RDF ({@code triplify} or {@code interlink} between files, without {@code --load}) needs
 * none of it: its datatypes, functions and spatial index are for reading and querying a store, and triplify and the
 * interlinker reproject other CRSs with floe-geo's {@code Crs84} themselves.
 * Every other command starts Jena as shipped. Only {@link Floe#main} uses this: it sets a system property, which a
 * JVM running other code (the tests) must not get.
 */
final class GeoSparqlStartup {

    /** jena-geosparql's own switch ({@code InitGeoSPARQL}): when "true", Jena's start-up leaves GeoSPARQL out. */
    static final String SKIP_PROPERTY = "jena.geosparql.skip";

    private GeoSparqlStartup() {
    }

    /** Leaves GeoSPARQL out of Jena's start-up when the command parsed in {@code parsed} does not need it. */
    static void beforeJena(ParseResult parsed) {
        if (needsGeoSparql(parsed)) {
            return;
        }
        System.setProperty(SKIP_PROPERTY, "true");
        // the one part of jena-geosparql's start-up that concerns writing too: SIS logs through JUL, routed to SLF4J
        LogCtlJUL.routeJULtoSLF4J();
    }

    /**
     * Whether the command in {@code parsed} reads or queries GeoSPARQL: all but a triplify that does not load and an
     * interlink between files that does not load (the interlinker reads WKT with floe-geo, not jena-geosparql).
     */
    static boolean needsGeoSparql(ParseResult parsed) {
        ParseResult command = parsed.subcommand();
        if (command == null) {
            return true;
        }
        Object c = command.commandSpec().userObject();
        if (c instanceof TriplifyCommand triplify) {
            return triplify.load;
        }
        if (c instanceof InterlinkCommand interlink) {
            return interlink.usesStore();
        }
        return true;
    }
}
