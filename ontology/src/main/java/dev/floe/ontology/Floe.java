package dev.floe.ontology;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

/**
 * The floe vocabulary: every floe IRI the code uses, in one place.
 *
 * <p>The terms are defined in {@code floe.ttl} beside this class; {@link FloeOntology} loads that file
 * and the SHACL shapes. A test checks that every constant here is declared in the ontology.
 */
public final class Floe {

    /** Namespace of the ontology terms (prefix {@code floe:}). */
    public static final String NS = "https://w3id.org/floe/ontology#";
    /** Base of the IRIs floe mints for data (features, geometries, products). */
    public static final String DATA = "https://w3id.org/floe/data/";
    /** Namespace of plain attributes copied from GeoJSON properties (prefix {@code attr:}). */
    public static final String ATTR = "https://w3id.org/floe/attr/";
    /**
     * Base of STAC fields without an ontology term; the extension prefix becomes a path segment,
     * so {@code s2:water_percentage} is {@code <https://w3id.org/floe/stac/s2/water_percentage>}.
     */
    public static final String STAC = "https://w3id.org/floe/stac/";

    // Classes
    public static final Resource ProductCollection = cls("ProductCollection");
    public static final Resource EOProduct = cls("EOProduct");
    public static final Resource SARProduct = cls("SARProduct");
    public static final Resource OpticalProduct = cls("OpticalProduct");
    public static final Resource Scene = cls("Scene");
    public static final Resource Patch = cls("Patch");
    public static final Resource Asset = cls("Asset");
    public static final Resource Iceberg = cls("Iceberg");
    public static final Resource IceShelf = cls("IceShelf");
    public static final Resource SeaIce = cls("SeaIce");
    public static final Resource GlaciatedArea = cls("GlaciatedArea");
    public static final Resource Sea = cls("Sea");
    public static final Resource Country = cls("Country");
    public static final Resource PopulatedPlace = cls("PopulatedPlace");
    public static final Resource CropParcel = cls("CropParcel");
    public static final Resource Label = cls("Label");
    public static final Resource Prediction = cls("Prediction");
    public static final Resource Model = cls("Model");
    public static final Resource TrainingSet = cls("TrainingSet");

    // Products
    public static final Property footprint = prop("footprint");
    public static final Property collection = prop("collection");
    public static final Property asset = prop("asset");
    public static final Property assetKey = prop("assetKey");
    public static final Property assetRole = prop("assetRole");
    public static final Property productId = prop("productId");
    public static final Property platform = prop("platform");
    public static final Property constellation = prop("constellation");
    public static final Property instrument = prop("instrument");
    public static final Property instrumentMode = prop("instrumentMode");
    public static final Property polarisation = prop("polarisation");
    public static final Property frequencyBand = prop("frequencyBand");
    public static final Property productType = prop("productType");
    public static final Property processingLevel = prop("processingLevel");
    public static final Property cloudCover = prop("cloudCover");
    public static final Property orbitState = prop("orbitState");
    public static final Property relativeOrbit = prop("relativeOrbit");
    public static final Property absoluteOrbit = prop("absoluteOrbit");
    public static final Property acquisitionTime = prop("acquisitionTime");
    public static final Property acquisitionStart = prop("acquisitionStart");
    public static final Property acquisitionEnd = prop("acquisitionEnd");
    public static final Property epsg = prop("epsg");
    public static final Property sourceProduct = prop("sourceProduct");

    // Patches
    public static final Property rasterFile = prop("rasterFile");
    public static final Property band = prop("band");
    public static final Property incidenceAngle = prop("incidenceAngle");
    public static final Property width = prop("width");
    public static final Property height = prop("height");

    // Labels, predictions, models, training sets
    public static final Property sample = prop("sample");
    public static final Property labelClass = prop("labelClass");
    public static final Property predictedClass = prop("predictedClass");
    public static final Property confidence = prop("confidence");
    public static final Property predictedBy = prop("predictedBy");
    public static final Resource ClassProbability = cls("ClassProbability");
    public static final Property classProbability = prop("classProbability");
    public static final Property probability = prop("probability");
    public static final Property request = prop("request");
    public static final Property trainedOn = prop("trainedOn");
    public static final Property query = prop("query");
    public static final Property sampleCount = prop("sampleCount");

    // Spatial links beyond GeoSPARQL's Simple Features predicates
    public static final Property covers = prop("covers");
    public static final Property coveredBy = prop("coveredBy");

    // Interlinking runs (provenance)
    public static final Resource InterlinkingRun = cls("InterlinkingRun");
    public static final Property candidatePairs = prop("candidatePairs");
    public static final Property linkCount = prop("linkCount");
    public static final Property relationCount = prop("relationCount");
    public static final Property relation = prop("relation");
    public static final Property blocking = prop("blocking");
    public static final Property invalidGeometryPolicy = prop("invalidGeometryPolicy");

    // Materialised training sets and training runs (ml module)
    public static final Property classCount = prop("classCount");
    public static final Property split = prop("split");
    public static final Property splitRatios = prop("splitRatios");
    public static final Property seed = prop("seed");
    public static final Property directory = prop("directory");
    public static final Resource TrainingRun = cls("TrainingRun");
    public static final Property architecture = prop("architecture");
    public static final Property modelFile = prop("modelFile");
    public static final Property epoch = prop("epoch");
    public static final Property samplesPerSecond = prop("samplesPerSecond");

    // Raster files (GeoTIFF, JPEG 2000 with GDAL PAM): size, bands, CRS and footprint
    public static final Resource RasterFile = cls("RasterFile");
    public static final Resource RasterBand = cls("RasterBand");
    public static final Property columns = prop("columns");
    public static final Property rows = prop("rows");
    public static final Property bandCount = prop("bandCount");
    public static final Property resolutionX = prop("resolutionX");
    public static final Property resolutionY = prop("resolutionY");
    public static final Property crs = prop("crs");
    public static final Property crsName = prop("crsName");
    public static final Property rasterBand = prop("rasterBand");
    public static final Property bandIndex = prop("bandIndex");
    public static final Property dataType = prop("dataType");
    public static final Property noDataValue = prop("noDataValue");

    // RML: floe's reference formulations for geodata sources and their logical-source settings
    /** Reference formulation: GeoJSON Features (a FeatureCollection, an array or a sequence); references name properties. */
    public static final Resource GeoJSON = ResourceFactory.createResource(NS + "GeoJSON");
    /** Reference formulation: an ESRI Shapefile (.shp/.dbf/.prj); references name DBF fields. */
    public static final Resource Shapefile = ResourceFactory.createResource(NS + "Shapefile");
    /** Reference formulation: a GeoPackage feature table (rml:iterator names the table); references name columns. */
    public static final Resource GeoPackage = ResourceFactory.createResource(NS + "GeoPackage");
    /** Reference formulation: CSV/TSV with a WKT or longitude/latitude columns; references name typed columns. */
    public static final Resource CsvFeatures = ResourceFactory.createResource(NS + "CsvFeatures");
    public static final Property wktColumn = prop("wktColumn");
    public static final Property lonColumn = prop("lonColumn");
    public static final Property latColumn = prop("latColumn");
    public static final Property sourceCrs = prop("sourceCrs");
    public static final Property idProperty = prop("idProperty");
    // The model registry (ml module): registered models, their immutable versions, aliases and the history of aliases
    public static final Resource RegisteredModel = cls("RegisteredModel");
    public static final Resource ModelVersion = cls("ModelVersion");
    public static final Resource ModelAlias = cls("ModelAlias");
    public static final Resource AliasChange = cls("AliasChange");
    public static final Property versionOf = prop("versionOf");
    public static final Property versionNumber = prop("versionNumber");
    public static final Property sha256 = prop("sha256");
    public static final Property outputClasses = prop("outputClasses");
    public static final Property hasAlias = prop("hasAlias");
    public static final Property aliasName = prop("aliasName");
    public static final Property pointsTo = prop("pointsTo");
    public static final Property ofModel = prop("ofModel");
    public static final Property fromVersion = prop("fromVersion");
    public static final Property toVersion = prop("toVersion");
    // Monitoring: drift reports of served model versions
    public static final Resource DriftReport = cls("DriftReport");
    public static final Resource DriftTest = cls("DriftTest");
    public static final Property monitoredVersion = prop("monitoredVersion");
    public static final Property windowStart = prop("windowStart");
    public static final Property windowEnd = prop("windowEnd");
    public static final Property windowSize = prop("windowSize");
    public static final Property drifted = prop("drifted");
    public static final Property driftedFeature = prop("driftedFeature");
    public static final Property driftTest = prop("driftTest");
    public static final Property statistic = prop("statistic");
    public static final Property feature = prop("feature");
    public static final Property statisticValue = prop("statisticValue");
    public static final Property threshold = prop("threshold");
    public static final Property pValue = prop("pValue");
    // Pipelines: runs of a pipeline file and the attempts of their steps (PROV-O activities)
    public static final Resource PipelineRun = cls("PipelineRun");
    public static final Resource StepAttempt = cls("StepAttempt");
    public static final Property pipelineName = prop("pipelineName");
    public static final Property pipelineStep = prop("pipelineStep");
    public static final Property stepKind = prop("stepKind");
    public static final Property attemptNumber = prop("attemptNumber");
    public static final Property runStatus = prop("runStatus");
    public static final Property exitCode = prop("exitCode");
    public static final Property cacheKey = prop("cacheKey");
    public static final Property partOfRun = prop("partOfRun");

    private Floe() {
    }

    private static Resource cls(String localName) {
        return ResourceFactory.createResource(NS + localName);
    }

    private static Property prop(String localName) {
        return ResourceFactory.createProperty(NS + localName);
    }
}
