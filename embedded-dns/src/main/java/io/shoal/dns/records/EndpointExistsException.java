package io.shoal.dns.records;

/** A join named a container that already has an endpoint on that network. */
public final class EndpointExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EndpointExistsException(String network, String containerId) {
        super("join: container " + containerId + " already has an endpoint on network " + network);
    }
}
