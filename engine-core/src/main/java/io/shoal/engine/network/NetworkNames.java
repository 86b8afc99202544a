package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.Set;
import java.util.regex.Pattern;

/** Network names: Docker's rule for them, and the predefined networks with their drivers. */
final class NetworkNames {
    static final String BRIDGE = "bridge";
    static final String HOST = "host";
    static final String NONE = "none";
    static final Set<String> PREDEFINED = Set.of(BRIDGE, HOST, NONE);

    /** Driver types with no driver behind them: the controller models them (one network each). */
    static final String HOST_DRIVER = "host";

    static final String NULL_DRIVER = "null";

    /** Docker's rule for object names ({@code daemon/names}: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]}). */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private NetworkNames() {}

    /**
     * @throws EngineException INVALID_ARGUMENT naming the name when it breaks Docker's rule
     */
    static void requireValid(String name) throws EngineException {
        if (!VALID.matcher(name).matches()) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
    }

    /** Whether the driver type is one the controller models itself ({@code host}, {@code null}). */
    static boolean modelled(String driver) {
        return HOST_DRIVER.equals(driver) || NULL_DRIVER.equals(driver);
    }
}
