package dev.floe.federation;

import java.util.List;

import dev.floe.geo.FloeException;

/**
 * A federated query failed because members were down, slow or refused it. The message names each member and
 * what went wrong; {@link #timedOut()} tells a gateway timeout (HTTP 504) from a bad gateway (502).
 */
public final class MemberFailureException extends FloeException {

    private static final long serialVersionUID = 1L;

    private final List<String> members;
    private final boolean timedOut;

    public MemberFailureException(List<String> members, boolean timedOut, String message, Throwable cause) {
        super(message, cause);
        this.members = List.copyOf(members);
        this.timedOut = timedOut;
    }

    /** The names of the members that failed. */
    public List<String> members() {
        return members;
    }

    /** Whether every failed member failed by not answering in time. */
    public boolean timedOut() {
        return timedOut;
    }
}
