package io.shoal.dns.records;

/** An update named an endpoint the registry does not hold. */
public final class NoSuchEndpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSuchEndpointException(String operation, String network, String containerId) {
        super(operation + ": container " + containerId + " has no endpoint on network " + network);
    }
}
