package dev.floe.federation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What went wrong with which member in the requests of one query attempt, or of one member's summary. Each
 * attempt records into its own, so two queries running at once never blame each other's member nor report each
 * other's reason, which a member's lifetime {@link MemberTraffic} would mix. Thread-safe: FedX's worker threads
 * and RDF4J's result readers record into it while the attempt runs.
 */
final class MemberFailures {

    /**
     * One member's failure.
     *
     * @param description what went wrong, for messages ("it answered HTTP 500 Server Error")
     * @param timeout     whether the member did not answer in time (rather than refusing or erring)
     */
    record Failure(String description, boolean timeout) {
    }

    private final Map<String, Failure> byMember = new LinkedHashMap<>();

    /** Records that a request to {@code member} failed; a member's later failure replaces its earlier one. */
    synchronized void failed(String member, Failure failure) {
        byMember.put(member, failure);
    }

    /** The failures so far, by member name; an immutable copy. */
    synchronized Map<String, Failure> byMember() {
        return Map.copyOf(byMember);
    }
}
