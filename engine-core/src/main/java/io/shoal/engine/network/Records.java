package io.shoal.engine.network;

import io.shoal.engine.store.Collection;

/** The engine store collections of the network side. */
public final class Records {
    /** Networks, by 64-hex id. */
    public static final Collection<NetworkRecord> NETWORKS = new Collection<>("network", NetworkRecord.class);

    /** Endpoints, by 64-hex id. */
    public static final Collection<EndpointRecord> ENDPOINTS = new Collection<>("endpoint", EndpointRecord.class);

    private Records() {}
}
