package io.shoal.dns.placement;

/** A user's {@code --dns-option} that cannot go into a container's {@code /etc/resolv.conf}. */
public final class InvalidDnsOptionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String option;

    InvalidDnsOptionException(String option, String reason) {
        super("dns option '" + option + "': " + reason);
        this.option = option;
    }

    /** The option as the user gave it. */
    public String option() {
        return option;
    }
}
