package io.shoal.dns.records;

/**
 * What the resolver does with a reverse lookup (PTR, RFC 1035 section 3.5 and RFC 3596 section 2.5) of an address in a
 * network's subnets that no endpoint the requester can see holds.
 */
public enum ReverseLookups {
    /**
     * The subnets are the engine's own (a bridge network's): nothing outside the host can know their addresses, so the
     * resolver answers NXDOMAIN itself, authoritatively, and the question never leaves the host. The default.
     */
    LOCAL_AUTHORITATIVE,
    /**
     * The subnets are part of a real network (a macvlan network's parent LAN), whose other hosts the upstream resolvers
     * may know: the question goes upstream.
     */
    FORWARD_UNKNOWN
}
