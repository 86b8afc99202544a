package io.shoal.spi.ipam;

import io.shoal.spi.DriverContext;

/**
 * Makes an {@link IpamDriver}. Found with {@link java.util.ServiceLoader} (list the implementation in {@code
 * META-INF/services/io.shoal.spi.ipam.IpamDriverProvider}); build a registry of them with {@link
 * io.shoal.spi.DriverRegistry#load DriverRegistry.load(IpamDriverProvider.class, loader, IpamDriverProvider::type)}.
 */
public interface IpamDriverProvider {
    /** The driver's type name, e.g. {@code default}; unique among IPAM providers. */
    String type();

    /**
     * Called once at engine start. The context carries the driver's configuration and the services it may use (for the
     * default driver: a {@link HostRoutes} and, optionally, a {@code javax.sql.DataSource} for the engine's store);
     * the driver restores its state from its store before returning.
     */
    IpamDriver create(DriverContext context);
}
