package dev.floe.federation;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RiotException;
import org.apache.jena.vocabulary.RDF;

/**
 * The members of a federation, read from a Turtle file ({@link FederationVocabulary}) or given as a list of
 * endpoint URLs. Only these endpoints are ever contacted by the gateway.
 *
 * @param members           the members, in the order of their names
 * @param source            where they were read from, for messages ("--endpoint" for a list)
 * @param colocatedFeatures whether a feature's triples and its geometry's live in one member (the default; a
 *                          file says otherwise with {@code [] a floe:Federation ; floe:colocatedFeatures false})
 */
public record Federation(List<Member> members, String source, boolean colocatedFeatures) {

    /** A federation whose features are co-located. */
    public Federation(List<Member> members, String source) {
        this(members, source, true);
    }

    public Federation {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new FederationConfigException(source + ": the federation has no members");
        }
        Set<String> names = new HashSet<>();
        for (Member m : members) {
            if (!names.add(m.name())) {
                throw new FederationConfigException(source + ": two members are named '" + m.name() + "'");
            }
        }
        if (members.stream().filter(Member::local).count() > 1) {
            throw new FederationConfigException(source + ": only one member can be the local store");
        }
    }

    /** Whether a member is the local store (it needs the serving floe's own endpoint). */
    public boolean hasLocalStore() {
        return members.stream().anyMatch(Member::local);
    }

    /** This federation with the local store member bound to {@code sparqlUrl}. */
    public Federation withLocalStoreAt(URI sparqlUrl) {
        return new Federation(members.stream().map(m -> m.local() ? m.at(sparqlUrl) : m).toList(), source, colocatedFeatures);
    }

    /** The member with this name. */
    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Federates the given endpoints (no file): members are named after host, port and path
     * ({@code 127.0.0.1-3030-ds-query}), with the default timeout and no key.
     */
    public static Federation ofEndpoints(List<URI> endpoints) {
        List<Member> members = new ArrayList<>();
        for (URI u : endpoints) {
            checkHttp(u, "--endpoint");
            String name = (u.getHost() + (u.getPort() > 0 ? "-" + u.getPort() : "") + u.getPath())
                    .replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("-+$", "");
            String unique = name;
            for (int i = 2; uniqueTaken(members, unique); i++) {
                unique = name + "-" + i;
            }
            members.add(new Member(unique, u, false, Member.DEFAULT_TIMEOUT, null));
        }
        return new Federation(members, "--endpoint");
    }

    private static boolean uniqueTaken(List<Member> members, String name) {
        return members.stream().anyMatch(m -> m.name().equals(name));
    }

    /** Reads a federation file (Turtle). Errors name the file and the member. */
    public static Federation read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FederationConfigException(file + ": no such federation file");
        }
        Model model;
        try {
            model = RDFDataMgr.loadModel(file.toUri().toString(), Lang.TURTLE);
        } catch (RiotException e) {
            throw new FederationConfigException(file + ": not valid Turtle: " + e.getMessage(), e);
        }
        String source = file.toString();
        List<Member> members = new ArrayList<>();
        for (Resource r : model.listSubjectsWithProperty(RDF.type, FederationVocabulary.FederationMember).toList()) {
            members.add(member(r, source));
        }
        members.sort(Comparator.comparing(Member::name));
        if (members.isEmpty()) {
            throw new FederationConfigException(source + ": no resource of type <" + FederationVocabulary.FederationMember.getURI()
                    + "> (floe:FederationMember); see docs/FEDERATION.md");
        }
        boolean colocated = true;
        for (Resource f : model.listSubjectsWithProperty(RDF.type, FederationVocabulary.Federation).toList()) {
            Literal flag = literal(f, FederationVocabulary.colocatedFeatures, source + ": the floe:Federation");
            if (flag != null) {
                if (!(flag.getValue() instanceof Boolean b)) {
                    throw new FederationConfigException(source + ": floe:colocatedFeatures must be true or false");
                }
                colocated = b;
            }
        }
        return new Federation(members, source, colocated);
    }

    private static Member member(Resource r, String source) {
        String where = source + ": member " + (r.isURIResource() ? "<" + r.getURI() + ">" : "[]");
        String name = string(r, FederationVocabulary.memberName, where);
        if (name == null || name.isBlank()) {
            throw new FederationConfigException(where + " has no floe:memberName");
        }
        where = source + ": member '" + name + "'";
        boolean local = false;
        Literal localFlag = literal(r, FederationVocabulary.localStore, where);
        if (localFlag != null) {
            if (!(localFlag.getValue() instanceof Boolean b)) {
                throw new FederationConfigException(where + ": floe:localStore must be true or false");
            }
            local = b;
        }
        URI endpoint = null;
        RDFNode url = single(r, FederationVocabulary.sparqlEndpoint, where);
        if (url != null) {
            String text = url.isURIResource() ? url.asResource().getURI() : url.isLiteral() ? url.asLiteral().getLexicalForm() : null;
            if (text == null) {
                throw new FederationConfigException(where + ": floe:sparqlEndpoint must be an IRI");
            }
            try {
                endpoint = new URI(text);
            } catch (URISyntaxException e) {
                throw new FederationConfigException(where + ": floe:sparqlEndpoint is not a URL: " + text, e);
            }
            checkHttp(endpoint, where);
        }
        if (local == (endpoint != null)) {
            throw new FederationConfigException(where + (local ? " is the local store and cannot also have a floe:sparqlEndpoint"
                    : " needs a floe:sparqlEndpoint <URL> or floe:localStore true"));
        }
        Duration timeout = Member.DEFAULT_TIMEOUT;
        Literal t = literal(r, FederationVocabulary.timeoutSeconds, where);
        if (t != null) {
            double seconds;
            try {
                seconds = Double.parseDouble(t.getLexicalForm());
            } catch (NumberFormatException e) {
                throw new FederationConfigException(where + ": floe:timeoutSeconds is not a number: " + t.getLexicalForm());
            }
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new FederationConfigException(where + ": floe:timeoutSeconds must be positive, was " + t.getLexicalForm());
            }
            timeout = Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
        }
        String key = string(r, FederationVocabulary.apiKey, where);
        return new Member(name, endpoint, local, timeout, key);
    }

    private static void checkHttp(URI u, String where) {
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new FederationConfigException(where + ": " + u + " is not an http(s) URL");
        }
    }

    private static RDFNode single(Resource r, Property p, String where) {
        List<Statement> values = r.listProperties(p).toList();
        if (values.size() > 1) {
            throw new FederationConfigException(where + " has " + values.size() + " values of floe:" + p.getLocalName() + "; give one");
        }
        return values.isEmpty() ? null : values.get(0).getObject();
    }

    private static Literal literal(Resource r, Property p, String where) {
        RDFNode n = single(r, p, where);
        if (n != null && !n.isLiteral()) {
            throw new FederationConfigException(where + ": floe:" + p.getLocalName() + " must be a literal");
        }
        return n == null ? null : n.asLiteral();
    }

    private static String string(Resource r, Property p, String where) {
        Literal l = literal(r, p, where);
        return l == null ? null : l.getLexicalForm();
    }
}
