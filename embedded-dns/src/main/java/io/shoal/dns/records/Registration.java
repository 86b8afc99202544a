package io.shoal.dns.records;

import java.util.List;

/**
 * What an update published: every name of the endpoint or network except {@link #leftOut}, which are also logged as
 * warnings ({@code System.Logger} {@code io.shoal.dns.records}). An engine shows them to the user beside the
 * operation's success, as Docker shows a warning: the operation itself succeeded.
 *
 * @param leftOut the names not published, in the order they were met; empty when every name is in DNS
 */
public record Registration(List<LeftOutName> leftOut) {
    static final Registration CLEAN = new Registration(List.of());

    /** Copies the list. */
    public Registration {
        leftOut = List.copyOf(leftOut);
    }

    /** Whether every name was published. */
    public boolean isClean() {
        return leftOut.isEmpty();
    }
}
