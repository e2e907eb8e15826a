package dev.floe.federation;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

import dev.floe.ontology.Floe;

/**
 * The terms of a federation file, in the floe ontology namespace. A member is a resource of type
 * {@code floe:FederationMember} with a {@code floe:memberName}, and either a {@code floe:sparqlEndpoint}
 * (the query URL of a SPARQL 1.1 Protocol endpoint) or {@code floe:localStore true} (the serving floe store);
 * optionally {@code floe:timeoutSeconds} and {@code floe:apiKey} (sent as {@code Authorization: Bearer}).
 * An optional resource of type {@code floe:Federation} may say {@code floe:colocatedFeatures false} when a
 * feature's triples are spread over several members (source pruning then works per triple pattern).
 */
public final class FederationVocabulary {

    public static final Resource Federation = ResourceFactory.createResource(Floe.NS + "Federation");
    public static final Property colocatedFeatures = ResourceFactory.createProperty(Floe.NS + "colocatedFeatures");
    public static final Resource FederationMember = ResourceFactory.createResource(Floe.NS + "FederationMember");
    public static final Property memberName = ResourceFactory.createProperty(Floe.NS + "memberName");
    public static final Property sparqlEndpoint = ResourceFactory.createProperty(Floe.NS + "sparqlEndpoint");
    public static final Property localStore = ResourceFactory.createProperty(Floe.NS + "localStore");
    public static final Property timeoutSeconds = ResourceFactory.createProperty(Floe.NS + "timeoutSeconds");
    public static final Property apiKey = ResourceFactory.createProperty(Floe.NS + "apiKey");

    private FederationVocabulary() {
    }
}
