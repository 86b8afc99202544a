package io.shoal.ipam;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@link IpamStore#inMemory()}: remembers settings, forgets everything else (the driver's memory is the state). */
final class MemoryIpamStore implements IpamStore {
    private final Map<String, String> settings = new ConcurrentHashMap<>();

    @Override
    public StoreContents load() {
        return new StoreContents(List.of(), List.of());
    }

    @Override
    public String setting(String key, Supplier<String> initial) {
        return settings.computeIfAbsent(key, k -> initial.get());
    }

    @Override
    public void addPool(StoredPool pool, List<StoredAddress> reserved) {}

    @Override
    public void removePool(String poolId) {}

    @Override
    public void addAddress(StoredAddress address, long cursor) {}

    @Override
    public void removeAddress(String poolId, InetAddress address) {}

    @Override
    public void removeAddresses(String poolId, Collection<InetAddress> addresses) {}

    @Override
    public void replaceGateway(String poolId, InetAddress gateway, boolean explicit, Optional<InetAddress> previous) {}

    @Override
    public void close() {}
}
