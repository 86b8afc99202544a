package io.shoal.spi;

import java.util.Objects;

/**
 * What a driver offers, as libnetwork's {@code driverapi.Capability} and the remote plugin protocol's {@code
 * NetworkDriver.GetCapabilities} reply ({@code Scope}, {@code ConnectivityScope}).
 *
 * @param dataScope where the driver's state lives: LOCAL to this host, or GLOBAL across a cluster
 * @param connectivityScope how far its networks reach
 */
public record Capabilities(Scope dataScope, Scope connectivityScope) {
    /** Where state or connectivity extends. */
    public enum Scope {
        /** This host only (Docker's {@code "local"}). */
        LOCAL,
        /** Every host of a cluster (Docker's {@code "global"}). */
        GLOBAL
    }

    /** @throws NullPointerException when a scope is null */
    public Capabilities {
        Objects.requireNonNull(dataScope, "dataScope");
        Objects.requireNonNull(connectivityScope, "connectivityScope");
    }

    /**
     * State and connectivity on this host only, as for Docker's bridge and macvlan drivers.
     *
     * @return LOCAL, LOCAL
     */
    public static Capabilities local() {
        return new Capabilities(Scope.LOCAL, Scope.LOCAL);
    }
}
