package io.shoal.ipam;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverStore;
import io.shoal.spi.IpamData;
import io.shoal.spi.ipam.AddressAllocation;
import io.shoal.spi.ipam.AddressReconciliation;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.AddressSpaces;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.IpamCapabilities;
import io.shoal.spi.ipam.IpamDriver;
import io.shoal.spi.ipam.PoolAddress;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import io.shoal.spi.ipam.PoolSharing;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Shoal's default IPAM driver (type {@value #TYPE}): address spaces {@value #LOCAL} and {@value #GLOBAL}, explicit
 * and automatic pools, IPv4 and IPv6, state in an {@link IpamStore}. See {@code docs/ipam.md}.
 *
 * <p>Thread-safe. Pool requests and releases are serialised by one lock (they must see every pool to check overlaps);
 * address requests and releases lock only their pool. Every change is written to the store before the call returns.
 */
public final class DefaultIpamDriver implements IpamDriver, AddressReconciliation, PoolSharing, AutoCloseable {
    public static final String TYPE = "default";
    public static final String LOCAL = "local";
    public static final String GLOBAL = "global";

    private static final Set<String> ADDRESS_OPTIONS =
            Set.of(AddressRequest.REQUEST_ADDRESS_TYPE, AddressRequest.MAC_ADDRESS_OPTION);

    private final IpamStore store;
    private final List<DefaultPool> defaultPools;
    private final HostRoutes hostRoutes;
    private final Object poolsLock = new Object();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    /**
     * References to a pool beyond the first, taken by {@link #requestSharedPool}; guarded by {@link #poolsLock}. Kept in
     * memory, and in a store when one is given (docs/ipam.md, "Shared pools").
     */
    private SharedPoolReferences sharedReferences = SharedPoolReferences.inMemory();

    private DefaultIpamDriver(IpamStore store, List<DefaultPool> defaultPools, HostRoutes hostRoutes) {
        this.store = store;
        this.defaultPools = List.copyOf(defaultPools);
        this.hostRoutes = hostRoutes;
    }

    /**
     * Opens the driver on {@code store}, restoring every pool and address in it. When the configured default pools
     * have no IPv6 entry, the store's unique local /48 (generated and stored on first open) cut into /64s is added.
     *
     * @param hostRoutes consulted when choosing automatic pools, unless {@link IpamConfig#checkHostRoutes()} is false
     * @throws DriverException UNAVAILABLE when the store cannot be read; INTERNAL when it holds inconsistent rows
     */
    public static DefaultIpamDriver open(IpamStore store, IpamConfig config, HostRoutes hostRoutes) {
        return open(store, config, hostRoutes, Optional.empty());
    }

    /**
     * As {@link #open(IpamStore, IpamConfig, HostRoutes)}, keeping the references of shared pools ({@link
     * #requestSharedPool}) in {@code sharing} as well, so that they survive a restart.
     *
     * @param sharing where the references are kept (the remote plugin's own records), or empty for memory only
     * @throws DriverException also UNAVAILABLE or INTERNAL when {@code sharing} cannot be read
     */
    public static DefaultIpamDriver open(
            IpamStore store, IpamConfig config, HostRoutes hostRoutes, Optional<DriverStore> sharing) {
        List<DefaultPool> defaults = new ArrayList<>(config.defaultAddressPools());
        if (defaults.stream().noneMatch(pool -> pool.base().isIpv6())) {
            String ula = store.setting(UniqueLocalPrefix.SETTING, () -> UniqueLocalPrefix.generate()
                    .toString());
            defaults.add(new DefaultPool(IpPrefix.parse(ula), 64));
        }
        DefaultIpamDriver driver =
                new DefaultIpamDriver(store, defaults, config.checkHostRoutes() ? hostRoutes : HostRoutes.none());
        driver.restore(store.load());
        sharing.ifPresent(s -> driver.sharedReferences = SharedPoolReferences.over(s, driver.pools.keySet()));
        return driver;
    }

    /** A driver whose state lives only in memory, with Docker's default pools and no host-route check. */
    public static DefaultIpamDriver inMemory() {
        return open(IpamStore.inMemory(), IpamConfig.defaults().withCheckHostRoutes(false), HostRoutes.none());
    }

    private void restore(StoreContents contents) {
        Map<String, List<StoredAddress>> byPool = contents.addresses().stream()
                .collect(Collectors.groupingBy(StoredAddress::poolId, HashMap::new, Collectors.toList()));
        for (StoredPool stored : contents.pools()) {
            pools.put(stored.poolId(), Pool.restore(stored, byPool.getOrDefault(stored.poolId(), List.of())));
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Needs neither MAC addresses nor replayed requests: it keeps its own state. */
    @Override
    public IpamCapabilities capabilities() {
        return IpamCapabilities.none();
    }

    @Override
    public AddressSpaces defaultAddressSpaces() {
        return new AddressSpaces(LOCAL, GLOBAL);
    }

    /** The default pools in use, the IPv6 one included. */
    public List<DefaultPool> defaultPools() {
        return defaultPools;
    }

    @Override
    public PoolAllocation requestPool(PoolRequest request) {
        requireKnownSpace(request.addressSpace());
        if (!request.options().isEmpty()) {
            throw DriverException.invalid(
                    "unknown IPAM option(s) " + request.options().keySet() + "; Shoal's IPAM driver takes none");
        }
        Pool pool = request.subnet().isPresent() ? explicitPool(request) : automaticPool(request);
        return allocationOf(pool);
    }

    /**
     * An explicit request identical to a held pool's gets that pool and one more reference (see {@link PoolSharing});
     * anything else is {@link #requestPool}.
     */
    @Override
    public PoolAllocation requestSharedPool(PoolRequest request) {
        if (request.subnet().isPresent()
                && request.options().isEmpty()
                && request.gateway().isEmpty()
                && request.auxAddresses().isEmpty()) {
            synchronized (poolsLock) {
                for (Pool held : pools.values()) {
                    if (held.addressSpace.equals(request.addressSpace())
                            && held.subnet.equals(request.subnet().get())
                            && held.range.equals(request.range())) {
                        sharedReferences.add(held.id);
                        return allocationOf(held);
                    }
                }
                return requestPool(request);
            }
        }
        return requestPool(request);
    }

    private Pool explicitPool(PoolRequest request) {
        IpPrefix subnet = request.subnet().get();
        checkSubnet(subnet, request.v6());
        request.range().ifPresent(range -> checkRange(range, subnet));
        request.gateway().ifPresent(gateway -> refuseMapped("gateway", gateway));
        request.auxAddresses().forEach((name, address) -> refuseMapped("aux-address " + name, address));
        synchronized (poolsLock) {
            for (Pool other : pools.values()) {
                if (other.addressSpace.equals(request.addressSpace()) && other.subnet.overlaps(subnet)) {
                    throw DriverException.conflict("subnet " + subnet + " overlaps " + other.subnet
                            + other.owner.map(name -> " of network " + name).orElse("")
                            + " (pool " + other.id + "); choose a subnet that overlaps no other network's");
                }
            }
            return register(request, subnet, false);
        }
    }

    private Pool automaticPool(PoolRequest request) {
        if (request.range().isPresent()
                || request.gateway().isPresent()
                || !request.auxAddresses().isEmpty()) {
            String given = request.range().isPresent()
                    ? "ip-range"
                    : request.gateway().isPresent() ? "gateway" : "aux-address";
            throw DriverException.invalid(given + " needs an explicit subnet: give --subnet as well");
        }
        List<IpPrefix> routes = hostRoutes.destinations();
        synchronized (poolsLock) {
            List<IpPrefix> taken = new ArrayList<>(routes);
            // Automatic pools avoid pools of every address space, not only their own: two networks on one host with
            // overlapping subnets would fight over routes.
            pools.values().forEach(pool -> taken.add(pool.subnet));
            IpPrefix subnet = AutomaticSubnets.choose(defaultPools, request.v6(), taken)
                    .orElseThrow(() -> exhausted(request.v6(), routes.size()));
            return register(request, subnet, true);
        }
    }

    private Pool register(PoolRequest request, IpPrefix subnet, boolean automatic) {
        String id = request.addressSpace() + "/" + subnet;
        Pool pool = Pool.create(
                id,
                request.addressSpace(),
                subnet,
                request.range(),
                request.owner(),
                automatic,
                request.gateway(),
                request.auxAddresses());
        store.addPool(pool.storedPool(), pool.initialRows());
        pools.put(id, pool);
        return pool;
    }

    private DriverException exhausted(boolean v6, int routeCount) {
        String family = v6 ? "IPv6" : "IPv4";
        List<String> bases = defaultPools.stream()
                .filter(pool -> pool.base().isIpv6() == v6)
                .map(pool -> pool.base() + " (as /" + pool.size() + "s)")
                .toList();
        String what = bases.isEmpty()
                ? "no " + family + " default address pool is configured"
                : "all default " + family + " address pools are in use: " + String.join(", ", bases)
                        + " hold no free subnet that overlaps neither a network nor one of the host's "
                        + routeCount + " routes";
        return DriverException.unavailable(what + ". Configure more default pools with the engine setting "
                + IpamConfig.DEFAULT_ADDRESS_POOLS + " (e.g. " + IpamConfig.DEFAULT_ADDRESS_POOLS
                + "=base=10.200.0.0/16,size=24; see docs/ipam.md), remove unused networks, or give the network an"
                + " explicit --subnet");
    }

    private static void checkSubnet(IpPrefix subnet, boolean v6) {
        refuseMapped("subnet", subnet.address());
        if (subnet.isIpv6() != v6) {
            throw DriverException.invalid("subnet " + subnet + " is " + Addresses.family(subnet)
                    + " but it was given for the network's " + (v6 ? "IPv6" : "IPv4") + " pool");
        }
        if (!subnet.isNetwork()) {
            throw DriverException.invalid(
                    "subnet " + subnet + " has host bits set; did you mean " + subnet.network() + "?");
        }
        int longest = subnet.isIpv4() ? Pool.LONGEST_V4 : Pool.LONGEST_V6;
        if (subnet.length() > longest) {
            // Only a /32 or /128 gets here: its one address would be the gateway, leaving none for an endpoint.
            throw DriverException.invalid("subnet " + subnet + " holds a single address, which the network's gateway"
                    + " takes, leaving none for an endpoint; use a /" + longest + " (" + pointToPointRfc(subnet)
                    + ": the gateway and one endpoint) or a shorter prefix");
        }
    }

    private static String pointToPointRfc(IpPrefix subnet) {
        return subnet.isIpv4() ? "a point-to-point subnet, RFC 3021" : "a point-to-point subnet, RFC 6164";
    }

    private static void checkRange(IpPrefix range, IpPrefix subnet) {
        refuseMapped("ip-range", range.address());
        if (range.isIpv6() != subnet.isIpv6()) {
            throw DriverException.invalid("ip-range " + range + " is " + Addresses.family(range) + " but subnet "
                    + subnet + " is " + Addresses.family(subnet));
        }
        if (!range.isNetwork()) {
            throw DriverException.invalid(
                    "ip-range " + range + " has host bits set; did you mean " + range.network() + "?");
        }
        if (range.length() < subnet.length()) {
            throw DriverException.invalid("ip-range " + range + " is larger than subnet " + subnet
                    + "; an ip-range is a part of its subnet: use a /" + subnet.length() + " or longer prefix");
        }
        if (!subnet.contains(range.address())) {
            throw DriverException.invalid("ip-range " + range + " is outside subnet " + subnet);
        }
        if (subnet.isIpv6() && subnet.length() < 64 && range.length() < 64) {
            throw DriverException.invalid("ip-range " + range + " is larger than a /64; an IPv6 pool hands out"
                    + " addresses from at most one /64: use a /64 or longer ip-range");
        }
    }

    /**
     * Refuses an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}, RFC 4291 §2.5.5.2): it names an IPv4 host, and a
     * pool of them would shadow IPv4. (The JDK folds most of them to IPv4 when parsing; this catches the rest.)
     */
    static void refuseMapped(String what, InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] raw = address.getAddress();
            boolean mapped = raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = raw[i] == 0;
            }
            if (mapped) {
                throw DriverException.invalid(what + " " + IpAddresses.format(address)
                        + " is an IPv4-mapped IPv6 address; use the IPv4 address itself");
            }
        }
    }

    private static void requireKnownSpace(String addressSpace) {
        if (!LOCAL.equals(addressSpace) && !GLOBAL.equals(addressSpace)) {
            throw DriverException.invalid("unknown address space '" + addressSpace + "'; the default IPAM driver has '"
                    + LOCAL + "' and '" + GLOBAL + "'");
        }
    }

    private static PoolAllocation allocationOf(Pool pool) {
        PoolInfo info = pool.info();
        IpamData data =
                new IpamData(info.addressSpace(), info.subnet(), Optional.of(info.gateway()), info.auxAddresses());
        return new PoolAllocation(
                info.poolId(),
                data,
                info.range(),
                Map.of(PoolAllocation.GATEWAY_META_KEY, info.gateway().toString()));
    }

    @Override
    public void releasePool(String poolId) {
        synchronized (poolsLock) {
            Pool pool = requirePool(poolId);
            if (sharedReferences.drop(poolId)) {
                return; // another identical request still holds the pool
            }
            pool.release(store);
            pools.remove(poolId);
        }
    }

    @Override
    public AddressAllocation requestAddress(AddressRequest request) {
        Pool pool = requirePool(request.poolId());
        Optional<String> mac = request.mac().map(MacAddress::toString);
        if (!request.options().isEmpty()) {
            mac = checkAddressOptions(request, mac);
        }
        InetAddress address;
        if (request.isGatewayRequest()) {
            address = pool.gateway(request.address(), store);
        } else if (request.address().isPresent()) {
            address = pool.allocate(request.address().get(), store, mac);
        } else {
            address = pool.allocateNext(store, mac);
        }
        return new AddressAllocation(new IpPrefix(address, pool.subnet.length()), Map.of());
    }

    private static Optional<String> checkAddressOptions(AddressRequest request, Optional<String> mac) {
        Set<String> unknown = new HashSet<>(request.options().keySet());
        unknown.removeAll(ADDRESS_OPTIONS);
        if (!unknown.isEmpty()) {
            throw DriverException.invalid(
                    "unknown address request option(s) " + unknown + "; known: " + ADDRESS_OPTIONS);
        }
        String type = request.options().get(AddressRequest.REQUEST_ADDRESS_TYPE);
        if (type != null && !AddressRequest.GATEWAY_TYPE.equals(type)) {
            throw DriverException.invalid(AddressRequest.REQUEST_ADDRESS_TYPE + "=" + type
                    + " is not a known address type; the only one is " + AddressRequest.GATEWAY_TYPE);
        }
        String macText = request.options().get(AddressRequest.MAC_ADDRESS_OPTION);
        if (macText == null || macText.isEmpty()) {
            return mac;
        }
        try {
            return Optional.of(MacAddress.parse(macText).toString());
        } catch (IllegalArgumentException e) {
            throw DriverException.invalid(AddressRequest.MAC_ADDRESS_OPTION + ": " + e.getMessage());
        }
    }

    @Override
    public void releaseAddress(String poolId, InetAddress address) {
        requirePool(poolId).release(address, store);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each pool's orphans are freed in one store transaction.
     */
    @Override
    public Set<PoolAddress> reconcile(Set<PoolAddress> live) {
        Map<String, Set<InetAddress>> liveByPool = new HashMap<>();
        for (PoolAddress held : live) {
            liveByPool.computeIfAbsent(held.poolId(), id -> new HashSet<>()).add(held.address());
        }
        Set<PoolAddress> freed = new HashSet<>();
        for (Pool pool : pools.values()) {
            for (InetAddress address : pool.reconcile(liveByPool.getOrDefault(pool.id, Set.of()), store)) {
                freed.add(new PoolAddress(pool.id, address));
            }
        }
        return freed;
    }

    /** Every pool, ordered by id. */
    public List<PoolInfo> pools() {
        return pools.values().stream()
                .map(Pool::info)
                .sorted(Comparator.comparing(PoolInfo::poolId))
                .toList();
    }

    /**
     * The addresses endpoints hold in the pool, ascending.
     *
     * @throws DriverException NOT_FOUND for an unknown pool
     */
    public List<InetAddress> endpointAddresses(String poolId) {
        return requirePool(poolId).endpointAddresses();
    }

    /** Rough bytes the pool's allocation index holds (for memory tests and benchmarks). */
    public long estimatedIndexBytes(String poolId) {
        return requirePool(poolId).estimatedIndexBytes();
    }

    private Pool requirePool(String poolId) {
        Pool pool = pools.get(poolId);
        if (pool == null) {
            throw DriverException.notFound("no IPAM pool '" + poolId + "' (never requested, or already released)");
        }
        return pool;
    }

    /** Closes the store. */
    @Override
    public void close() {
        store.close();
    }
}
