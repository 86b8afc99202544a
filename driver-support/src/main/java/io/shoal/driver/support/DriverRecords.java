package io.shoal.driver.support;

import io.shoal.spi.DriverStore;
import java.util.List;
import java.util.function.Function;

/**
 * A driver's records in the engine's store: one entry per network ({@code network/ID}) and per endpoint
 * ({@code endpoint/NETWORK/ID}), each encoded by the driver (its format is documented with its codec), and one per link
 * taken out of service whose deletion is still pending ({@code retired/NAME}, the link's name in the host namespace as
 * its value). Each call is one store transaction; {@link #saveOutcome} and {@link #removeGone} may be committed with the
 * engine's next write of the same operation.
 *
 * @param <N> the driver's network record
 * @param <E> the driver's endpoint record
 */
public final class DriverRecords<N extends NetworkRecord<N>, E extends EndpointRecord<E>> {
    private final KeyedRecords<N> networks;
    private final KeyedRecords<E> endpoints;
    private final KeyedRecords<String> retired;

    public DriverRecords(
            DriverStore store,
            Function<N, String> encodeNetwork,
            Function<String, N> decodeNetwork,
            Function<E, String> encodeEndpoint,
            Function<String, E> decodeEndpoint) {
        this.networks = new KeyedRecords<>(store, "network/", N::id, encodeNetwork, decodeNetwork);
        this.endpoints = new KeyedRecords<>(
                store, "endpoint/", e -> e.networkId() + "/" + e.id(), encodeEndpoint, decodeEndpoint);
        this.retired = new KeyedRecords<>(store, "retired/", name -> name, name -> name, text -> text);
    }

    /** Records that the host-side link {@code name} is out of service and is to be deleted (intent). */
    public void saveRetired(String name) {
        retired.save(name);
    }

    /** Forgets a retired link once it is deleted. */
    public void removeRetired(String name) {
        retired.remove(name);
    }

    /** The names of every retired link whose deletion was not recorded done, in key order. */
    public List<String> retired() {
        return retired.all();
    }

    public void save(N network) {
        networks.save(network);
    }

    public void remove(N network) {
        networks.remove(network);
    }

    public void save(E endpoint) {
        endpoints.save(endpoint);
    }

    public void remove(E endpoint) {
        endpoints.remove(endpoint);
    }

    /**
     * Saves an endpoint's outcome (joined, left, created idle: nothing in the kernel waits on it) with {@link
     * DriverStore#putLater}: the engine may commit it with its next write of the operation. Intents ({@code JOINING},
     * {@code LEAVING}) go through {@link #save(EndpointRecord)}, committed before the kernel work.
     */
    public void saveOutcome(E endpoint) {
        endpoints.saveLater(endpoint);
    }

    /** Forgets an endpoint whose kernel objects are gone, with {@link DriverStore#removeLater}. */
    public void removeGone(E endpoint) {
        endpoints.removeLater(endpoint);
    }

    /** Every network record, in key order. */
    public List<N> networks() {
        return networks.all();
    }

    /** Every endpoint record, in key order. */
    public List<E> endpoints() {
        return endpoints.all();
    }
}
