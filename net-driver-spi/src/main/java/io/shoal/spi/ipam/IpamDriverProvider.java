package io.shoal.spi.ipam;

import io.shoal.spi.DriverContext;

/**
 * Makes an {@link IpamDriver}. Found with {@link java.util.ServiceLoader} (list the implementation in {@code
 * META-INF/services/io.shoal.spi.ipam.IpamDriverProvider}); build a registry of them with {@link
 * io.shoal.spi.DriverRegistry#load DriverRegistry.load(IpamDriverProvider.class, loader, IpamDriverProvider::type)}.
 */
public interface IpamDriverProvider {
    /**
     * The driver's type name; constant, and the same as the driver's {@link IpamDriver#type()}.
     *
     * @return e.g. {@code default}; unique among IPAM providers
     */
    String type();

    /**
     * Called once per engine start, before any IPAM call. The context carries the driver's settings and the services
     * it may use (for the default driver: a {@link HostRoutes} and, optionally, a {@code javax.sql.DataSource}; without
     * one it opens {@code ipam.db} in {@link DriverContext#stateDirectory()}); the driver loads its pools and
     * addresses from its store before returning.
     *
     * @param context the driver's settings, state directory and services
     * @return the driver, ready for calls
     * @throws io.shoal.spi.DriverException INVALID_ARGUMENT for an unknown or malformed setting; UNAVAILABLE when a
     *     required service is missing or the store cannot be opened or read
     */
    IpamDriver create(DriverContext context);
}
