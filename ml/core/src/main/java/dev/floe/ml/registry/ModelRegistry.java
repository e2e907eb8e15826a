package dev.floe.ml.registry;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.floe.ml.Folders;
import dev.floe.ml.MlDataException;
import dev.floe.ml.TrainingSet;
import dev.floe.ml.api.ModelSelector;
import dev.floe.ml.api.ServingException;
import dev.floe.ml.experiment.Experiments;
import dev.floe.ml.experiment.RunRecord;
import dev.floe.ml.model.ModelFamily;
import dev.floe.ml.trainingset.Manifest;
import dev.floe.ontology.Floe;
import dev.floe.ontology.Mls;
import dev.floe.ontology.Prov;
import dev.floe.store.GeoStore;
import dev.floe.triplify.rdf.IriSegments;

/**
 * Entry point of the model registry: named models with immutable, numbered versions made from training runs, and
 * aliases (e.g. {@code champion}) that point at one version each, with an append-only history of every alias change.
 * Everything is RDF in the store's default graph (ML-Schema, PROV-O and floe terms, see {@code floe.ttl}), so that
 * "which version was the champion on date X" is one SPARQL query; each version's files live under
 * {@code STORE/models/NAME/VERSION/} ({@link ModelVersion}).
 *
 * <p>A registration or an alias change is one store transaction: the version number is allocated inside it, the
 * version's folder is renamed into place inside it and removed again when the transaction fails, so a failure leaves
 * neither triples nor folder. Listeners ({@link #onChange}) hear of every committed change, e.g. a server that swaps
 * the version an alias serves.
 */
public final class ModelRegistry {

    /** The folder under the store's directory that holds the versions' files. */
    public static final String FOLDER = "models";
    /** The alias a model is served under when a request names neither a version nor an alias. */
    public static final String DEFAULT_ALIAS = "champion";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A SPARQL CONSTRUCT of every triple the registry reads (models, versions, aliases, alias changes and their agents):
     * what {@link #snapshot} needs, fetched from a server that holds the store.
     */
    public static final String REGISTRY_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s a <" + Floe.RegisteredModel.getURI()
            + "> } UNION { ?s <" + Floe.versionOf.getURI() + "> ?m } UNION { ?s a <" + Floe.ModelAlias.getURI()
            + "> } UNION { ?s <" + Floe.ofModel.getURI() + "> ?m } UNION { ?c <" + Floe.ofModel.getURI() + "> ?m ; <"
            + Prov.wasAssociatedWith.getURI() + "> ?s } ?s ?p ?o }";

    /** The store, or null for a read-only {@link #snapshot}. */
    private final GeoStore store;
    /** The store's directory, where the versions' files are. */
    private final Path directory;
    /** The registry's triples of a {@link #snapshot}, or null when they are read from {@link #store}. */
    private final Graph snapshot;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ModelRegistry(GeoStore store) {
        this(store, store.directory(), null);
    }

    private ModelRegistry(GeoStore store, Path directory, Graph snapshot) {
        this.store = store;
        this.directory = directory;
        this.snapshot = snapshot;
    }

    /**
     * A read-only registry over {@code triples} (the answer of {@link #REGISTRY_TRIPLES}, e.g. from the server that
     * holds the store) and the versions' files under {@code storeDirectory}: it lists and resolves as the store's own
     * registry does; registering and changing aliases fail.
     */
    public static ModelRegistry snapshot(Path storeDirectory, Graph triples) {
        return new ModelRegistry(null, storeDirectory, triples);
    }

    private GeoStore writable() {
        if (store == null) {
            throw new IllegalStateException("a registry snapshot is read-only");
        }
        return store;
    }

    /** The IRI of the registered model called {@code name}. */
    public static String modelIri(String name) {
        return Floe.DATA + "model/" + IriSegments.encode(name);
    }

    /** The IRI of version {@code version} of {@code name}. */
    public static String versionIri(String name, long version) {
        return modelIri(name) + "/version/" + version;
    }

    /** Runs {@code listener} after every committed registration or alias change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Registers the model trained by run {@code runId} (under {@code STORE/experiments/}) as the next version of
     * {@code name}: copies its network and input normalisation, records its class labels and input shape from the
     * run's training set, and the SHA-256 of the network file. {@code by} names who registers it.
     */
    public ModelVersion register(String name, String runId, String by) {
        checkName("model", name);
        Path runFolder = new Experiments(writable(), null).runFolder(runId);
        RunRecord run = Experiments.read(runFolder);
        ModelFamily family = ModelFamily.of(run.architecture());
        Path setFolder = Path.of(run.trainingSetFolder());
        if (!Files.isDirectory(setFolder)) {
            throw new MlDataException("run " + runId + ": its training set folder " + setFolder + " is gone; the class labels "
                    + "and input shape of the model come from it");
        }
        Manifest manifest = TrainingSet.open(setFolder).manifest();
        int[] raster = manifest.rasterShape();
        if (raster == null || raster.length != 3) {
            throw new MlDataException("run " + runId + ": training set " + manifest.name() + " has no rasters; only image models can be served");
        }
        List<String> extras = family == ModelFamily.SAR_CNN ? manifest.features() : List.of();
        Path models = directory.resolve(FOLDER);
        Path staged;
        String sha256;
        try {
            Files.createDirectories(models);
            staged = Files.createTempDirectory(models, ".register-");
            Files.copy(runFolder.resolve(run.modelFile()), staged.resolve(ModelVersion.NETWORK));
            Files.copy(runFolder.resolve(ModelVersion.STANDARDISER), staged.resolve(ModelVersion.STANDARDISER));
            if (Files.exists(runFolder.resolve(ModelVersion.PROFILE))) { // runs of floe before monitoring have none
                Files.copy(runFolder.resolve(ModelVersion.PROFILE), staged.resolve(ModelVersion.PROFILE));
            }
            sha256 = Digests.sha256(staged.resolve(ModelVersion.NETWORK));
        } catch (IOException e) {
            throw new MlDataException(runFolder + ": cannot copy the run's model files: " + e.getMessage(), e);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Path[] placed = new Path[1];
        try {
            ModelVersion registered = store.write(dsg -> {
                Graph g = dsg.getDefaultGraph();
                long v = versionNumbers(g, name).stream().mapToLong(Long::longValue).max().orElse(0) + 1;
                Path folder = models.resolve(name).resolve(Long.toString(v));
                ModelVersion version = new ModelVersion(name, v, versionIri(name, v), run.id(), run.iri(), run.trainingSetIri(),
                        run.architecture(), raster[0], raster[1], raster[2], extras, manifest.classes(), sha256, now.toString(),
                        by, run.test() == null ? null : run.test().accuracy(), folder);
                try {
                    JSON.writeValue(staged.resolve(ModelVersion.FILE).toFile(), version);
                    Files.createDirectories(folder.getParent());
                    move(staged, folder);
                    placed[0] = folder;
                } catch (IOException e) {
                    throw new MlDataException(folder + ": cannot place the version's files: " + e.getMessage(), e);
                }
                versionRdf(version, runFolder).getGraph().find().forEachRemaining(g::add);
                return version;
            });
            listeners.forEach(Runnable::run);
            return registered;
        } catch (RuntimeException e) {
            Folders.deleteQuietly(placed[0]);
            throw e;
        } finally {
            Folders.deleteQuietly(staged);
        }
    }

    /**
     * Points {@code alias} of {@code name} at {@code version} (a new alias, or a move), recording the change; a no-op
     * (the alias already points there) records nothing and returns null.
     */
    public AliasChange setAlias(String name, String alias, long version, String by) {
        checkName("alias", alias);
        if (alias.chars().allMatch(Character::isDigit)) {
            throw new MlDataException("alias " + alias + ": an alias must not be a number (it would read as a version)");
        }
        return changeAlias(name, alias, version, by);
    }

    /** Removes {@code alias} of {@code name}, recording the change. */
    public AliasChange removeAlias(String name, String alias, String by) {
        return changeAlias(name, alias, null, by);
    }

    private AliasChange changeAlias(String name, String alias, Long version, String by) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AliasChange change = writable().write(dsg -> {
            Graph g = dsg.getDefaultGraph();
            List<Long> versions = versionNumbers(g, name);
            if (versions.isEmpty()) {
                throw new MlDataException("no registered model called " + name + " (floe models list shows them)");
            }
            if (version != null && !versions.contains(version)) {
                throw new MlDataException("model " + name + " has no version " + version + " (versions " + versions + ")");
            }
            Long from = aliasesIn(g, name).get(alias);
            if (version == null && from == null) {
                throw new MlDataException("model " + name + " has no alias " + alias);
            }
            if (version != null && version.equals(from)) {
                return null;
            }
            Node model = NodeFactory.createURI(modelIri(name));
            Node aliasNode = NodeFactory.createURI(modelIri(name) + "/alias/" + IriSegments.encode(alias));
            g.remove(aliasNode, n(Floe.pointsTo), Node.ANY);
            if (version == null) {
                g.remove(model, n(Floe.hasAlias), aliasNode);
                g.remove(aliasNode, Node.ANY, Node.ANY);
            } else {
                g.add(model, n(Floe.hasAlias), aliasNode);
                g.add(aliasNode, RDF.type.asNode(), n(Floe.ModelAlias));
                g.add(aliasNode, n(Floe.aliasName), NodeFactory.createLiteralString(alias));
                g.add(aliasNode, n(Floe.pointsTo), NodeFactory.createURI(versionIri(name, version)));
            }
            long number = g.stream(Node.ANY, n(Floe.ofModel), model).count() + 1;
            String iri = modelIri(name) + "/alias-change/" + number;
            Node c = NodeFactory.createURI(iri);
            Node agent = NodeFactory.createURI(Floe.DATA + "agent/" + IriSegments.encode(by));
            g.add(c, RDF.type.asNode(), n(Floe.AliasChange));
            g.add(c, RDF.type.asNode(), n(Prov.Activity));
            g.add(c, n(Floe.ofModel), model);
            g.add(c, n(Floe.aliasName), NodeFactory.createLiteralString(alias));
            if (from != null) {
                g.add(c, n(Floe.fromVersion), NodeFactory.createURI(versionIri(name, from)));
            }
            if (version != null) {
                g.add(c, n(Floe.toVersion), NodeFactory.createURI(versionIri(name, version)));
            }
            g.add(c, n(Prov.wasAssociatedWith), agent);
            g.add(c, n(Prov.endedAtTime), NodeFactory.createLiteralDT(now.toString(), XSDDatatype.XSDdateTime));
            g.add(agent, RDF.type.asNode(), n(Prov.Agent));
            g.add(agent, RDFS.label.asNode(), NodeFactory.createLiteralString(by));
            return new AliasChange(iri, name, alias, from, version, by, now.toString());
        });
        if (change != null) {
            listeners.forEach(Runnable::run);
        }
        return change;
    }

    /** The names of the registered models, sorted. */
    public List<String> models() {
        return read(g -> {
            TreeSet<String> names = new TreeSet<>();
            g.find(Node.ANY, RDF.type.asNode(), n(Floe.RegisteredModel)).forEachRemaining(t -> {
                Triple label = g.find(t.getSubject(), RDFS.label.asNode(), Node.ANY).nextOptional().orElse(null);
                if (label != null && label.getObject().isLiteral()) {
                    names.add(label.getObject().getLiteralLexicalForm());
                }
            });
            return List.copyOf(names);
        });
    }

    /** The versions of {@code name}, oldest first. */
    public List<ModelVersion> versions(String name) {
        List<Long> numbers = read(g -> versionNumbers(g, name));
        List<ModelVersion> out = new ArrayList<>();
        for (long v : numbers) {
            out.add(load(name, v));
        }
        return out;
    }

    /** Version {@code version} of {@code name}; NOT_FOUND when there is none. */
    public ModelVersion version(String name, long version) {
        return resolve(ModelSelector.version(name, version));
    }

    /** The aliases of {@code name} now, each with the version it points at, by name. */
    public Map<String, Long> aliases(String name) {
        return read(g -> aliasesIn(g, name));
    }

    /** Every alias change of {@code name}, oldest first. */
    public List<AliasChange> history(String name) {
        return read(g -> {
            Node model = NodeFactory.createURI(modelIri(name));
            List<AliasChange> out = new ArrayList<>();
            g.find(Node.ANY, n(Floe.ofModel), model).forEachRemaining(t -> {
                Node c = t.getSubject();
                Node agent = object(g, c, n(Prov.wasAssociatedWith));
                Node label = agent == null ? null : object(g, agent, RDFS.label.asNode());
                out.add(new AliasChange(c.getURI(), name, lexical(g, c, n(Floe.aliasName)), versionOf(object(g, c, n(Floe.fromVersion))),
                        versionOf(object(g, c, n(Floe.toVersion))), label == null ? null : label.getLiteralLexicalForm(),
                        lexical(g, c, n(Prov.endedAtTime))));
            });
            out.sort(Comparator.comparing((AliasChange a) -> Instant.parse(a.at()))
                    .thenComparingLong(a -> Long.parseLong(a.iri().substring(a.iri().lastIndexOf('/') + 1))));
            return out;
        });
    }

    /**
     * The version a selector means: its version number, its alias, or when it names neither the model's
     * {@value #DEFAULT_ALIAS} alias if it has one, else its latest version. NOT_FOUND for an unknown model, version or
     * alias.
     */
    public ModelVersion resolve(ModelSelector selector) {
        String name = selector.model();
        long v = read(g -> {
            List<Long> numbers = versionNumbers(g, name);
            if (numbers.isEmpty()) {
                throw new ServingException(ServingException.Kind.NOT_FOUND, "no model called " + name);
            }
            return choose(selector, numbers, aliasesIn(g, name));
        });
        return load(name, v);
    }

    /**
     * The version {@code selector} means among a model's {@code versions} (ascending, not empty) and {@code aliases}: its
     * version, its alias's version, or the {@value #DEFAULT_ALIAS} alias's, else the latest. NOT_FOUND, naming what the
     * model has, for a version or alias it does not have. The one rule for the registry and for a server's snapshot.
     */
    public static long choose(ModelSelector selector, List<Long> versions, Map<String, Long> aliases) {
        String name = selector.model();
        if (selector.version() != null) {
            if (!versions.contains(selector.version())) {
                throw new ServingException(ServingException.Kind.NOT_FOUND, "model " + name + " has no version " + selector.version()
                        + " (versions " + versions + ")");
            }
            return selector.version();
        }
        if (selector.alias() != null) {
            Long to = aliases.get(selector.alias());
            if (to == null) {
                throw new ServingException(ServingException.Kind.NOT_FOUND, "model " + name + " has no label " + selector.alias()
                        + (aliases.isEmpty() ? "" : " (labels: " + String.join(", ", aliases.keySet()) + ")"));
            }
            return to;
        }
        return aliases.getOrDefault(DEFAULT_ALIAS, versions.get(versions.size() - 1));
    }

    private ModelVersion load(String name, long version) {
        Path folder = directory.resolve(FOLDER).resolve(name).resolve(Long.toString(version));
        try {
            return JSON.readValue(folder.resolve(ModelVersion.FILE).toFile(), ModelVersion.class).in(folder);
        } catch (IOException e) {
            throw new MlDataException(folder + ": cannot read " + ModelVersion.FILE + " of " + name + " version " + version
                    + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(java.util.function.Function<Graph, T> f) {
        if (snapshot != null) {
            return f.apply(snapshot);
        }
        return Txn.calculateRead(store.dataset(), () -> f.apply(store.dataset().asDatasetGraph().getDefaultGraph()));
    }

    private static List<Long> versionNumbers(Graph g, String name) {
        Node model = NodeFactory.createURI(modelIri(name));
        TreeSet<Long> out = new TreeSet<>();
        g.find(Node.ANY, n(Floe.versionOf), model).forEachRemaining(t -> {
            Node number = object(g, t.getSubject(), n(Floe.versionNumber));
            if (number != null && number.isLiteral()) {
                out.add(Long.parseLong(number.getLiteralLexicalForm()));
            }
        });
        return List.copyOf(out);
    }

    private static Map<String, Long> aliasesIn(Graph g, String name) {
        Map<String, Long> out = new TreeMap<>();
        g.find(NodeFactory.createURI(modelIri(name)), n(Floe.hasAlias), Node.ANY).forEachRemaining(t -> {
            String alias = lexical(g, t.getObject(), n(Floe.aliasName));
            Long to = versionOf(object(g, t.getObject(), n(Floe.pointsTo)));
            if (alias != null && to != null) {
                out.put(alias, to);
            }
        });
        return out;
    }

    private static Model versionRdf(ModelVersion v, Path runFolder) {
        Model m = ModelFactory.createDefaultModel();
        Resource model = m.createResource(modelIri(v.model()))
                .addProperty(RDF.type, Floe.RegisteredModel).addProperty(RDF.type, Prov.Entity)
                .addProperty(RDFS.label, v.model());
        List<RDFNode> classes = new ArrayList<>();
        v.classes().forEach(c -> classes.add(m.createLiteral(c)));
        m.createResource(v.iri())
                .addProperty(RDF.type, Floe.ModelVersion).addProperty(RDF.type, Floe.Model)
                .addProperty(RDF.type, Mls.Model).addProperty(RDF.type, Prov.Entity)
                .addProperty(RDFS.label, v.model() + " version " + v.version())
                .addProperty(Floe.versionOf, model)
                .addLiteral(Floe.versionNumber, m.createTypedLiteral(v.version()))
                .addProperty(Floe.architecture, v.architecture())
                .addProperty(Floe.trainedOn, m.createResource(v.trainingSetIri()))
                .addProperty(Prov.wasGeneratedBy, m.createResource(v.runIri()))
                .addProperty(Prov.wasDerivedFrom, m.createResource(v.runIri() + "/model"))
                .addProperty(Floe.modelFile, m.createResource(v.folder().resolve(ModelVersion.NETWORK).toUri().toString()))
                .addProperty(Floe.sha256, v.sha256())
                .addProperty(Floe.outputClasses, m.createList(classes.iterator()))
                .addLiteral(Prov.generatedAtTime, m.createTypedLiteral(v.registered(), XSDDatatype.XSDdateTime));
        return m;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MlDataException(what + " name " + (name == null ? "(none)" : "'" + name + "'") + ": use 1 to 64 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
    }

    private static Node n(org.apache.jena.rdf.model.Resource r) {
        return r.asNode();
    }

    private static Node object(Graph g, Node s, Node p) {
        return g.find(s, p, Node.ANY).nextOptional().map(Triple::getObject).orElse(null);
    }

    private static String lexical(Graph g, Node s, Node p) {
        Node o = object(g, s, p);
        return o == null || !o.isLiteral() ? null : o.getLiteralLexicalForm();
    }

    private static Long versionOf(Node versionIri) {
        if (versionIri == null || !versionIri.isURI()) {
            return null;
        }
        String iri = versionIri.getURI();
        return Long.parseLong(iri.substring(iri.lastIndexOf('/') + 1));
    }
}
