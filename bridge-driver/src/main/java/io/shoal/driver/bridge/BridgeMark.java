package io.shoal.driver.bridge;

import io.shoal.netlink.Link;
import java.util.Optional;

/**
 * Shoal's mark on the bridges it makes: the link's alias ({@code IFLA_IFALIAS}, {@code ip link show} prints it as
 * {@code alias}) is {@code shoal:} and the network's id. Names alone cannot tell Shoal's bridges apart: {@code
 * br-<12 hex>} is also how dockerd names its bridges, and any user may name a bridge so. A start removes only marked
 * bridges that no stored network owns ({@link MarkedLinks}); an adopted bridge (made by someone else, taken by name)
 * is never marked.
 */
final class BridgeMark {
    /** What every mark starts with. */
    static final String PREFIX = "shoal:";

    private BridgeMark() {}

    /** The alias of network {@code networkId}'s bridge. */
    static String of(String networkId) {
        return PREFIX + networkId;
    }

    /** The network id a link's mark names; empty for a link without Shoal's mark. */
    static Optional<String> networkOf(Link link) {
        return link.alias()
                .filter(alias -> alias.startsWith(PREFIX) && alias.length() > PREFIX.length())
                .map(alias -> alias.substring(PREFIX.length()));
    }
}
