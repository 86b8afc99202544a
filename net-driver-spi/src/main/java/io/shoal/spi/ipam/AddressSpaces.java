package io.shoal.spi.ipam;

import java.util.Objects;

/**
 * The default address spaces of an IPAM driver: pools in different address spaces may overlap, pools in one may not.
 *
 * @param local the space for networks of local scope (the default driver calls it {@code local})
 * @param global the space for networks of global scope ({@code global})
 */
public record AddressSpaces(String local, String global) {
    /** @throws NullPointerException when a component is null */
    public AddressSpaces {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(global, "global");
    }
}
