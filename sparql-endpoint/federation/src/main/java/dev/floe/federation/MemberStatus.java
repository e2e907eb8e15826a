package dev.floe.federation;

/**
 * One member as the gateway sees it now.
 *
 * @param member       the member
 * @param summary      its summary, or null when it could not be made
 * @param summaryError why there is no summary, or null
 * @param traffic      its request log
 */
public record MemberStatus(Member member, MemberSummary summary, String summaryError, MemberTraffic traffic) {

    /** One line for the console: name, URL and summary or error. */
    public String describe() {
        return member + ": " + (summary != null ? summary.describe() : "no summary (" + summaryError + "); not pruned");
    }
}
