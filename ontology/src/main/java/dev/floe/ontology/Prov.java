package dev.floe.ontology;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

/** The PROV-O terms floe writes (Jena ships no PROV vocabulary class). */
public final class Prov {

    public static final String NS = "http://www.w3.org/ns/prov#";

    public static final Resource Entity = ResourceFactory.createResource(NS + "Entity");
    public static final Resource Activity = ResourceFactory.createResource(NS + "Activity");
    public static final Property wasDerivedFrom = ResourceFactory.createProperty(NS + "wasDerivedFrom");
    public static final Property wasGeneratedBy = ResourceFactory.createProperty(NS + "wasGeneratedBy");
    public static final Property used = ResourceFactory.createProperty(NS + "used");
    public static final Property startedAtTime = ResourceFactory.createProperty(NS + "startedAtTime");
    public static final Property generatedAtTime = ResourceFactory.createProperty(NS + "generatedAtTime");
    public static final Property endedAtTime = ResourceFactory.createProperty(NS + "endedAtTime");
    public static final Resource Agent = ResourceFactory.createResource(NS + "Agent");
    public static final Property wasAssociatedWith = ResourceFactory.createProperty(NS + "wasAssociatedWith");
    public static final Resource Plan = ResourceFactory.createResource(NS + "Plan");
    public static final Resource Association = ResourceFactory.createResource(NS + "Association");
    public static final Property qualifiedAssociation = ResourceFactory.createProperty(NS + "qualifiedAssociation");
    public static final Property hadPlan = ResourceFactory.createProperty(NS + "hadPlan");
    public static final Property agent = ResourceFactory.createProperty(NS + "agent");
    public static final Property wasInformedBy = ResourceFactory.createProperty(NS + "wasInformedBy");
    public static final Property generated = ResourceFactory.createProperty(NS + "generated");
    public static final Property atLocation = ResourceFactory.createProperty(NS + "atLocation");

    private Prov() {
    }
}
