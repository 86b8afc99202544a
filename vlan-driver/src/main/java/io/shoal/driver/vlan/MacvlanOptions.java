package io.shoal.driver.vlan;

import io.shoal.spi.DriverOptions;
import java.util.Optional;
import java.util.Set;

/**
 * A macvlan network's options, under Docker's names: {@code parent} ({@code eth0}, {@code eth0.20}, or absent for an
 * internal network on a dummy link the driver owns) and {@code macvlan_mode} (bridge by default).
 */
public record MacvlanOptions(Optional<ParentLink> parent, MacvlanMode mode) {
    public static final String PARENT = "parent";
    public static final String MODE = "macvlan_mode";

    private static final Set<String> KNOWN =
            Set.of(PARENT, MODE, "com.docker.network.enable_ipv6", "com.docker.network.internal");

    /** Parses and checks every option; an unknown one is an INVALID_ARGUMENT error naming it. */
    public static MacvlanOptions parse(DriverOptions options) {
        options.requireKnown(KNOWN);
        return new MacvlanOptions(
                options.text(PARENT).map(ParentLink::parse),
                options.text(MODE).map(MacvlanMode::parse).orElse(MacvlanMode.BRIDGE));
    }
}
