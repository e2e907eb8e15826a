/**
 * The geodata knowledge that triplify, interlink, the store, the federation and ml share, written once:
 * spatial relations with their DE-9IM patterns and GeoSPARQL IRIs, WKT literals with a CRS IRI, transforms
 * to CRS84, GDAL PAM sidecars, NPY arrays and write-to-temporary-then-rename. Plain Java on JTS: no Jena,
 * no Spark, no HTTP, so that every module, the Spark jobs included, can depend on it.
 */
package dev.floe.geo;
