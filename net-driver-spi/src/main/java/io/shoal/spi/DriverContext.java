package io.shoal.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine hands a driver when it makes one: a directory of its own for state, its configuration, and the
 * services it may use (a netlink handle for the host namespace, a firewall). Services are looked up by type so the
 * SPI names no implementation and stays JDK-only.
 */
public final class DriverContext {
    private final Path stateDirectory;
    private final Map<String, String> config;
    private final Map<Class<?>, Object> services;

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

    public Path stateDirectory() {
        return stateDirectory;
    }

    public Map<String, String> config() {
        return config;
    }

    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /**
     * A service the driver cannot work without.
     *
     * @throws DriverException UNAVAILABLE naming the missing service
     */
    public <T> T requireService(Class<T> type) {
        return service(type)
                .orElseThrow(() -> DriverException.unavailable("the engine gave this driver no " + type.getName()));
    }
}
