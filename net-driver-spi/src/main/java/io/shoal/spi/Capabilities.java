package io.shoal.spi;

import java.util.Objects;

/**
 * What a driver offers. {@code dataScope} says where its state lives: LOCAL to this host, or GLOBAL across a
 * cluster; {@code connectivityScope} says how far its networks reach.
 */
public record Capabilities(Scope dataScope, Scope connectivityScope) {
    /** Where state or connectivity extends. */
    public enum Scope {
        LOCAL,
        GLOBAL
    }

    public Capabilities {
        Objects.requireNonNull(dataScope, "dataScope");
        Objects.requireNonNull(connectivityScope, "connectivityScope");
    }

    public static Capabilities local() {
        return new Capabilities(Scope.LOCAL, Scope.LOCAL);
    }
}
