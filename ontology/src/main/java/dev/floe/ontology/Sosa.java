package dev.floe.ontology;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

/** The W3C SOSA terms floe writes: a model's prediction is an observation of a sample made by a procedure. */
public final class Sosa {

    public static final String NS = "http://www.w3.org/ns/sosa/";

    public static final Resource Observation = ResourceFactory.createResource(NS + "Observation");
    public static final Resource Procedure = ResourceFactory.createResource(NS + "Procedure");
    public static final Property hasFeatureOfInterest = ResourceFactory.createProperty(NS + "hasFeatureOfInterest");
    public static final Property usedProcedure = ResourceFactory.createProperty(NS + "usedProcedure");
    public static final Property resultTime = ResourceFactory.createProperty(NS + "resultTime");

    private Sosa() {
    }
}
