package io.shoal.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine hands a provider when it makes a driver ({@link NetworkDriverProvider#create}, {@link
 * io.shoal.spi.ipam.IpamDriverProvider#create}): a state directory, the driver's settings, and the services it
 * needs. Services are looked up by type, so the SPI names no implementation and stays JDK-only; which ones a driver
 * needs is part of its provider's documentation. What Shoal's drivers ask for today:
 *
 * <ul>
 *   <li>bridge and macvlan: a {@link DriverStore} (where they keep, and restore from, their records) and an {@code
 *       io.shoal.netlink.NetworkNamespace} playing the host (the engine's own namespace; a test namespace in tests).
 *       They read neither the state directory nor the settings.
 *   <li>the default IPAM driver: settings {@code default-address-pools} and {@code check-host-routes}, an {@link
 *       io.shoal.spi.ipam.HostRoutes} unless that check is off, and optionally a {@code javax.sql.DataSource}; without
 *       one it keeps its SQLite file in the state directory.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class DriverContext {
    private final Path stateDirectory;
    private final Map<String, String> config;
    private final Map<Class<?>, Object> services;

    /**
     * @param stateDirectory a directory the driver may keep files in, its own; the engine creates it. Drivers that
     *     keep no files ignore it (tests then pass a path that does not exist)
     * @param config the driver's settings from the engine's configuration, by name; copied
     * @param services each service under the type a driver asks for it by; copied
     * @throws IllegalArgumentException when a service is not an instance of the type it is filed under
     */
    public DriverContext(Path stateDirectory, Map<String, String> config, Map<Class<?>, Object> services) {
        this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
        this.config = Map.copyOf(config);
        this.services = Map.copyOf(services);
        this.services.forEach((type, service) -> {
            if (!type.isInstance(service)) {
                throw new IllegalArgumentException(service + " is not a " + type.getName());
            }
        });
    }

    /**
     * A directory of the driver's own for files, e.g. the default IPAM driver's {@code ipam.db}. Drivers that keep
     * their state in a {@link DriverStore} service do not use it.
     *
     * @return the directory, absolute in production
     */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /**
     * The driver's settings as text, by name; the driver parses them and refuses names it does not know.
     *
     * @return an immutable map, empty when the engine has none for this driver
     */
    public Map<String, String> config() {
        return config;
    }

    /**
     * A service the driver can work without (e.g. a shared {@code DataSource}).
     *
     * @param <T> the service's type
     * @param type the type it was filed under
     * @return the service, or empty when the engine gave none of that type
     */
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /**
     * A service the driver cannot work without; a provider asks for it in {@code create}.
     *
     * @param <T> the service's type
     * @param type the type it was filed under
     * @return the service
     * @throws DriverException UNAVAILABLE naming the missing service's type
     */
    public <T> T requireService(Class<T> type) {
        return service(type)
                .orElseThrow(() -> DriverException.unavailable("the engine gave this driver no " + type.getName()));
    }
}
