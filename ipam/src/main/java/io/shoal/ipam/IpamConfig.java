package io.shoal.ipam;

import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the default IPAM driver.
 *
 * @param defaultAddressPools where automatic subnets come from, tried in order. When no entry is IPv6, an IPv6 entry
 *     is added: the store's unique local /48 (RFC 4193) cut into /64s
 * @param checkHostRoutes when true, automatic subnets avoid destinations the host already routes
 */
public record IpamConfig(List<DefaultPool> defaultAddressPools, boolean checkHostRoutes) {
    /** Engine setting: the default address pools, {@code base=CIDR,size=N} entries separated by {@code ;}. */
    public static final String DEFAULT_ADDRESS_POOLS = "default-address-pools";

    /** Engine setting: {@code false} turns off the host-route check (for tests). */
    public static final String CHECK_HOST_ROUTES = "check-host-routes";

    public IpamConfig {
        defaultAddressPools = List.copyOf(defaultAddressPools);
        if (defaultAddressPools.isEmpty()) {
            throw new IllegalArgumentException("at least one default address pool is needed");
        }
    }

    /**
     * Docker's defaults (moby {@code ipamutils.localScopeDefaultNetworks}): 172.17.0.0/16 to 172.31.0.0/16 as /16s,
     * then 192.168.0.0/16 as /20s.
     */
    public static List<DefaultPool> dockerDefaultPools() {
        return List.of(
                pool("172.17.0.0/16", 16),
                pool("172.18.0.0/16", 16),
                pool("172.19.0.0/16", 16),
                pool("172.20.0.0/14", 16),
                pool("172.24.0.0/14", 16),
                pool("172.28.0.0/14", 16),
                pool("192.168.0.0/16", 20));
    }

    /** Docker's default pools, host-route check on. */
    public static IpamConfig defaults() {
        return new IpamConfig(dockerDefaultPools(), true);
    }

    /**
     * Reads {@value #DEFAULT_ADDRESS_POOLS} and {@value #CHECK_HOST_ROUTES} from the engine's settings for this
     * driver; absent keys keep the defaults, unknown keys are an error.
     */
    public static IpamConfig fromSettings(Map<String, String> settings) {
        DriverOptions options = DriverOptions.of(settings);
        options.requireKnown(Set.of(DEFAULT_ADDRESS_POOLS, CHECK_HOST_ROUTES));
        List<DefaultPool> pools = options.text(DEFAULT_ADDRESS_POOLS)
                .map(DefaultPool::parseList)
                .orElseGet(IpamConfig::dockerDefaultPools);
        return new IpamConfig(pools, options.bool(CHECK_HOST_ROUTES, true));
    }

    public IpamConfig withCheckHostRoutes(boolean value) {
        return new IpamConfig(defaultAddressPools, value);
    }

    private static DefaultPool pool(String base, int size) {
        return new DefaultPool(IpPrefix.parse(base), size);
    }
}
