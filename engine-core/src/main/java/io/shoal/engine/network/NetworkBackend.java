package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.filter.Filters;
import java.util.List;

/**
 * The network side of the Engine API ({@code /networks*} except connect and disconnect, which are container
 * operations: {@link io.shoal.engine.container.ContainerBackend#connect}). A network named by {@code idOrName} is
 * found as Docker finds it: exact full id, then exact name, then unique id prefix; several matches are
 * INVALID_ARGUMENT {@code network X is ambiguous (N matches found based on name|ID prefix)}, none NOT_FOUND {@code
 * network X not found} (interfaces reference §0).
 *
 * <p>Every method may be called concurrently from many threads; each change is written to the engine store before
 * the kernel work it describes. Failures are {@link EngineException}s whose kind the API maps to Docker's status.
 */
public interface NetworkBackend {
    /**
     * Creates a network and returns it. FORBIDDEN for the predefined names; CONFLICT when the name is taken;
     * INVALID_ARGUMENT for bad IPAM configuration or driver options (the message says what to fix); NOT_FOUND for an
     * unknown driver or IPAM driver.
     */
    NetworkView create(NetworkSpec spec) throws EngineException;

    /**
     * Every network matching {@code filters} (keys {@code dangling}, {@code driver}, {@code id}, {@code label},
     * {@code name}, {@code scope}, {@code type}), in no particular order. INVALID_ARGUMENT for another key.
     */
    List<NetworkView> list(Filters filters) throws EngineException;

    /** The network named {@code idOrName}, with its attached containers. */
    NetworkView inspect(String idOrName) throws EngineException;

    /**
     * Removes a network. FORBIDDEN for predefined networks and for a network with endpoints ({@code error while
     * removing network: network NAME id ID has active endpoints}); NOT_FOUND when unknown.
     */
    void remove(String idOrName) throws EngineException;

    /**
     * Removes every user-defined network without endpoints that matches {@code filters} (keys {@code until},
     * {@code label}, {@code label!}) and returns their names.
     */
    List<String> prune(Filters filters) throws EngineException;
}
