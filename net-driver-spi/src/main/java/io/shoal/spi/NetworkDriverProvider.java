package io.shoal.spi;

/**
 * Makes a {@link NetworkDriver}. Found with {@link java.util.ServiceLoader} (list the implementation in {@code
 * META-INF/services/io.shoal.spi.NetworkDriverProvider}), so a third-party jar on the engine's class path adds a
 * driver.
 */
public interface NetworkDriverProvider {
    /** The driver's type name, e.g. {@code bridge} or {@code macvlan}; unique among providers. */
    String type();

    /** Called once at engine start; the driver may restore its state from {@link DriverContext#stateDirectory()}. */
    NetworkDriver create(DriverContext context);
}
