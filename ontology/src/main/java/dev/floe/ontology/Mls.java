package dev.floe.ontology;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

/** The W3C ML-Schema terms floe writes for training runs, models and their evaluations. */
public final class Mls {

    public static final String NS = "http://www.w3.org/ns/mls#";

    public static final Resource Run = ResourceFactory.createResource(NS + "Run");
    public static final Resource Model = ResourceFactory.createResource(NS + "Model");
    public static final Resource Implementation = ResourceFactory.createResource(NS + "Implementation");
    public static final Resource HyperParameter = ResourceFactory.createResource(NS + "HyperParameter");
    public static final Resource HyperParameterSetting = ResourceFactory.createResource(NS + "HyperParameterSetting");
    public static final Resource ModelEvaluation = ResourceFactory.createResource(NS + "ModelEvaluation");
    public static final Resource EvaluationMeasure = ResourceFactory.createResource(NS + "EvaluationMeasure");
    public static final Property executes = ResourceFactory.createProperty(NS + "executes");
    public static final Property hasInput = ResourceFactory.createProperty(NS + "hasInput");
    public static final Property hasOutput = ResourceFactory.createProperty(NS + "hasOutput");
    public static final Property hasValue = ResourceFactory.createProperty(NS + "hasValue");
    public static final Property specifiedBy = ResourceFactory.createProperty(NS + "specifiedBy");

    private Mls() {
    }
}
