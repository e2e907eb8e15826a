package dev.floe.endpoint;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.rdfs.DatasetGraphRDFS;
import org.apache.jena.rdfs.RDFSFactory;
import org.apache.jena.sparql.core.DatasetGraph;

/**
 * The entailment regime a query endpoint answers under (SPARQL 1.1 Entailment Regimes), named by the IRI its
 * service description announces. RDFS is computed at query time over the store's own vocabulary, never stored.
 */
public enum Entailment {

    /** Simple entailment: the triples as stored ({@code /sparql}). */
    SIMPLE("http://www.w3.org/ns/entailment/Simple"),

    /**
     * RDFS entailment of the class and property hierarchies ({@code /rdfs/sparql}): {@code rdfs:subClassOf},
     * {@code rdfs:subPropertyOf}, {@code rdfs:domain} and {@code rdfs:range}, as Jena's {@code org.apache.jena.rdfs}
     * computes them, with the schema taken from the store's default graph.
     */
    RDFS("http://www.w3.org/ns/entailment/RDFS");

    private final String regime;

    Entailment(String regime) {
        this.regime = regime;
    }

    /** The regime's IRI, for {@code sd:defaultEntailmentRegime}. */
    public String regime() {
        return regime;
    }

    /**
     * The dataset a query sees under this regime. Call inside the store's read transaction: the RDFS view reads
     * the schema then, and answers every find through the transaction. The view shares the store's context, so
     * the spatial and text indexes stay reachable from GeoSPARQL's and jena-text's property functions.
     */
    Dataset view(Dataset stored) {
        if (this == SIMPLE) {
            return stored;
        }
        DatasetGraph dsg = stored.asDatasetGraph();
        return DatasetFactory.wrap(new DatasetGraphRDFS(dsg, RDFSFactory.setupRDFS(dsg.getDefaultGraph()), dsg.getContext()));
    }
}
