package io.shoal.spi;

/**
 * Makes a {@link NetworkDriver}. Found with {@link java.util.ServiceLoader} (list the implementation in {@code
 * META-INF/services/io.shoal.spi.NetworkDriverProvider}), so a third-party jar on the engine's class path adds a
 * driver; build a registry of them with {@link DriverRegistry#load DriverRegistry.load(NetworkDriverProvider.class,
 * loader, NetworkDriverProvider::type)}. Needs a public no-argument constructor.
 */
public interface NetworkDriverProvider {
    /**
     * The driver's type name; constant, and the same as the driver's {@link NetworkDriver#type()}.
     *
     * @return e.g. {@code bridge} or {@code macvlan}; unique among network driver providers
     */
    String type();

    /**
     * Called once per engine start, before any network call. Takes the services the driver needs from {@code
     * context} (Shoal's drivers: a {@link DriverStore} and the host's network namespace), then restores the driver
     * before returning: it reads every record from the {@link DriverStore}, removes what a crash left half made or
     * half deleted (records not in the READY state, and their kernel objects), and brings the kernel in line with the
     * records it keeps (e.g. the bridge driver rewrites its firewall and forgets joins whose interface is gone), so the
     * driver answers for exactly the networks and endpoints the store holds.
     *
     * @param context the driver's settings and services
     * @return the driver, ready for calls
     * @throws DriverException UNAVAILABLE when a required service is missing or the store cannot be read; INTERNAL
     *     when the kernel cannot be reached, or restore could not remove something (the message lists each step)
     */
    NetworkDriver create(DriverContext context);
}
