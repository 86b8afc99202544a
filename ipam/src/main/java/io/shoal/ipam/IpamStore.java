package io.shoal.ipam;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the default IPAM driver keeps its state. Each method is one transaction: when it returns the change is
 * durable, when it throws nothing changed. The driver writes before it answers, so an address it hands out is on disk
 * first, and after a crash it is never handed out twice.
 *
 * <p>Methods may be called from several threads; an implementation serialises them. Every failure is a {@link
 * io.shoal.spi.DriverException} of kind UNAVAILABLE naming what could not be written, with the cause kept.
 */
public interface IpamStore extends AutoCloseable {
    /** Everything stored; called once, when the driver opens. */
    StoreContents load();

    /** The setting under {@code key}; when there is none, stores {@code initial} and returns it. */
    String setting(String key, Supplier<String> initial);

    /** Records a new pool with the addresses it reserves at once (gateway, auxiliary addresses). */
    void addPool(StoredPool pool, List<StoredAddress> reserved);

    /** Forgets a pool and every address allocated in it. */
    void removePool(String poolId);

    /** Records one allocated address and the pool's new search cursor. */
    void addAddress(StoredAddress address, long cursor);

    /** Forgets one allocated address. */
    void removeAddress(String poolId, InetAddress address);

    /** Forgets several allocated addresses of one pool. */
    void removeAddresses(String poolId, Collection<InetAddress> addresses);

    /**
     * Makes {@code gateway} the pool's gateway and reserves it, freeing {@code previous} (the old gateway, when it was
     * still reserved).
     */
    void replaceGateway(String poolId, InetAddress gateway, boolean explicit, Optional<InetAddress> previous);

    /** Releases the store's resources; later calls fail. */
    @Override
    void close();

    /** A store that keeps nothing: state lives only in memory, for tests and benchmarks. */
    static IpamStore inMemory() {
        return new MemoryIpamStore();
    }
}
