package dev.floe.ontology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.jena.graph.Graph;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

/**
 * Entry point of the ontology module: loads the floe ontology and its SHACL shapes from the classpath
 * and validates data graphs against the shapes.
 *
 * <p>Instances are immutable and thread-safe; the parsed shapes are shared.
 */
public final class FloeOntology {

    /** Classpath location of the ontology (Turtle). */
    public static final String ONTOLOGY_RESOURCE = "dev/floe/ontology/floe.ttl";
    /** Classpath location of the SHACL shapes (Turtle). */
    public static final String SHAPES_RESOURCE = "dev/floe/ontology/shapes.ttl";

    private final Shapes shapes;

    private FloeOntology(Shapes shapes) {
        this.shapes = shapes;
    }

    /** Loads the shapes from the classpath. */
    public static FloeOntology load() {
        return new FloeOntology(Shapes.parse(readTurtle(SHAPES_RESOURCE).getGraph()));
    }

    /** A fresh model holding the floe ontology. */
    public static Model ontology() {
        return readTurtle(ONTOLOGY_RESOURCE);
    }

    /** A fresh model holding the SHACL shapes. */
    public static Model shapesModel() {
        return readTurtle(SHAPES_RESOURCE);
    }

    /** Validates {@code data} against the floe shapes. */
    public ValidationReport validate(Graph data) {
        return ShaclValidator.get().validate(shapes, data);
    }

    private static Model readTurtle(String resource) {
        Model model = ModelFactory.createDefaultModel();
        try (InputStream in = FloeOntology.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            RDFDataMgr.read(model, in, Lang.TURTLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
        return model;
    }
}
