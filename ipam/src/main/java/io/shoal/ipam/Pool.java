package io.shoal.ipam;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One reserved subnet and the addresses allocated in it. Allocated offsets (of the pool's {@link AddressBlock}) live
 * in an {@link OffsetSet}, together with the offsets that are never handed out (IPv4 network and broadcast address,
 * IPv6 subnet-router anycast address), so one "first absent offset" search finds the next free address.
 *
 * <p>Thread-safe: every method that reads or changes allocations holds the pool's monitor, and writes the store
 * before it changes memory, so a failed write changes nothing and a returned address is already durable.
 */
final class Pool {
    /**
     * The longest IPv4 prefix that holds a gateway and one more address: a /31, whose two addresses are both hosts
     * (RFC 3021 §2.1). A /32 holds only the gateway.
     */
    static final int LONGEST_V4 = 31;
    /**
     * The longest IPv6 prefix that holds a gateway and one more address: a /127, whose two addresses are both hosts
     * (RFC 6164 §5). A /128 holds only the gateway.
     */
    static final int LONGEST_V6 = 127;

    final String id;
    final String addressSpace;
    final IpPrefix subnet;
    final Optional<IpPrefix> range;
    final Optional<String> owner;
    final boolean automatic;

    private final AddressBlock block;
    private final long windowFirst;
    private final long windowLast;
    private final long[] neverHandedOut;
    private final OffsetSet allocated = new OffsetSet();
    private final Map<Long, String> auxNames = new HashMap<>();
    private InetAddress gateway;
    private long gatewayOffset;
    private boolean gatewayExplicit;
    private boolean gatewayHeld;
    private long cursor;
    private boolean released;

    private Pool(
            String id,
            String addressSpace,
            IpPrefix subnet,
            Optional<IpPrefix> range,
            Optional<String> owner,
            boolean automatic) {
        this.id = id;
        this.addressSpace = addressSpace;
        this.subnet = subnet;
        this.range = range;
        this.owner = owner;
        this.automatic = automatic;
        this.block = blockOf(subnet, range);
        if (range.isPresent()) {
            windowFirst = block.offsetOf(Addresses.fromNumber(Addresses.first(range.get()), subnet.addressBits())
                    .getAddress());
            windowLast = block.offsetOf(Addresses.fromNumber(Addresses.last(range.get()), subnet.addressBits())
                    .getAddress());
        } else {
            windowFirst = 0;
            windowLast = block.lastOffset();
        }
        this.neverHandedOut = neverHandedOut(subnet, block);
        for (long offset : neverHandedOut) {
            allocated.add(offset);
        }
        this.cursor = windowFirst;
    }

    /**
     * A new pool, reserving its gateway and auxiliary addresses. The caller has checked families, host bits, sizes and
     * that the range lies in the subnet.
     *
     * @return the pool; {@link #initialRows()} lists what to store
     * @throws DriverException INVALID_ARGUMENT when the gateway or an auxiliary address cannot be reserved, or nothing
     *     is left for endpoints
     */
    static Pool create(
            String id,
            String addressSpace,
            IpPrefix subnet,
            Optional<IpPrefix> range,
            Optional<String> owner,
            boolean automatic,
            Optional<InetAddress> gateway,
            Map<String, InetAddress> auxAddresses) {
        Pool pool = new Pool(id, addressSpace, subnet, range, owner, automatic);
        pool.reserveAtCreation(gateway, auxAddresses);
        return pool;
    }

    /** The pool as the store had it, with its allocated addresses. */
    static Pool restore(StoredPool stored, List<StoredAddress> addresses) {
        Pool pool = new Pool(
                stored.poolId(),
                stored.addressSpace(),
                stored.subnet(),
                stored.range(),
                stored.owner(),
                stored.automatic());
        pool.gateway = stored.gateway();
        pool.gatewayOffset = pool.restoredOffset(stored.gateway());
        pool.gatewayExplicit = stored.gatewayExplicit();
        for (StoredAddress address : addresses) {
            long offset = pool.restoredOffset(address.address());
            pool.allocated.add(offset);
            switch (address.role()) {
                case GATEWAY -> pool.gatewayHeld = true;
                case AUX -> pool.auxNames.put(offset, address.name().orElse(""));
                case ENDPOINT -> {}
            }
        }
        pool.cursor = pool.inWindow(stored.cursor()) ? stored.cursor() : pool.windowFirst;
        return pool;
    }

    private long restoredOffset(InetAddress address) {
        byte[] raw = address.getAddress();
        if (!block.contains(raw)) {
            throw DriverException.internal(
                    "ipam store: " + IpAddresses.format(address) + " is recorded in pool " + id
                            + " but lies outside it",
                    null);
        }
        return block.offsetOf(raw);
    }

    private static AddressBlock blockOf(IpPrefix subnet, Optional<IpPrefix> range) {
        int hostBits = subnet.addressBits() - subnet.length();
        if (hostBits <= 64) {
            return AddressBlock.of(subnet.network().address(), hostBits);
        }
        // An IPv6 subnet shorter than /64: allocate within one /64 of it, the range's or the first.
        InetAddress base = range.map(
                        r -> new IpPrefix(r.address(), 64).network().address())
                .orElse(subnet.network().address());
        return AddressBlock.of(base, 64);
    }

    private static long[] neverHandedOut(IpPrefix subnet, AddressBlock block) {
        if (isPointToPoint(subnet)) {
            return new long[0];
        }
        if (subnet.isIpv4()) {
            return new long[] {0, block.lastOffset()}; // network and broadcast addresses
        }
        // RFC 4291 §2.6.1: the subnet-router anycast address, the subnet prefix with an all-zero interface id.
        byte[] anycast = subnet.network().address().getAddress();
        return block.contains(anycast) ? new long[] {block.offsetOf(anycast)} : new long[0];
    }

    /**
     * True for a subnet of two addresses or fewer, which has no network, broadcast or subnet-router anycast address:
     * an IPv4 /31 (RFC 3021 §2.1: both addresses are hosts) and an IPv6 /127 (RFC 6164 §5.1: the anycast address must
     * not be used on such a link), and longer.
     */
    static boolean isPointToPoint(IpPrefix subnet) {
        return subnet.addressBits() - subnet.length() <= 1;
    }

    private void reserveAtCreation(Optional<InetAddress> requestedGateway, Map<String, InetAddress> auxAddresses) {
        if (requestedGateway.isPresent()) {
            gatewayOffset = offsetOf(requestedGateway.get(), "gateway");
            gateway = requestedGateway.get();
            gatewayExplicit = true;
            gatewayHeld = true;
            allocated.add(gatewayOffset);
        }
        for (Map.Entry<String, InetAddress> aux : new TreeMap<>(auxAddresses).entrySet()) {
            String what = "aux-address " + aux.getKey() + "=" + IpAddresses.format(aux.getValue());
            long offset = offsetOf(aux.getValue(), what);
            if (allocated.contains(offset)) {
                throw DriverException.invalid(what + " is already " + holder(offset) + " of " + describe());
            }
            allocated.add(offset);
            auxNames.put(offset, aux.getKey());
        }
        if (requestedGateway.isEmpty()) {
            gatewayOffset = firstFree(windowFirst, windowLast);
            if (!inWindow(gatewayOffset)) {
                throw DriverException.invalid(describeWindow() + " has no address left for the gateway after the"
                        + " auxiliary addresses; use a larger " + (range.isPresent() ? "ip-range" : "subnet")
                        + ", fewer auxiliary addresses, or an explicit --gateway");
            }
            gateway = block.addressAt(gatewayOffset);
            gatewayHeld = true;
            allocated.add(gatewayOffset);
        }
        if (!inWindow(firstFree(windowFirst, windowLast))) {
            throw DriverException.invalid(describeWindow()
                    + " has no address left for endpoints after the gateway and auxiliary addresses;"
                    + (range.isPresent()
                            ? " use a larger ip-range, or a --gateway outside it"
                            : " use a larger subnet or fewer auxiliary addresses"));
        }
    }

    /** The pool's row and its reserved addresses, for the store. */
    synchronized StoredPool storedPool() {
        return new StoredPool(id, addressSpace, subnet, range, gateway, gatewayExplicit, owner, automatic, cursor);
    }

    /** The gateway and auxiliary address rows written with a new pool. */
    synchronized List<StoredAddress> initialRows() {
        List<StoredAddress> rows = new ArrayList<>();
        rows.add(new StoredAddress(id, gateway, AddressRole.GATEWAY, Optional.empty()));
        auxNames.forEach((offset, name) ->
                rows.add(new StoredAddress(id, block.addressAt(offset), AddressRole.AUX, Optional.of(name))));
        return rows;
    }

    /** The next free address at or after the cursor, wrapping around the range once. */
    synchronized InetAddress allocateNext(IpamStore store, Optional<String> mac) {
        requireLive();
        long found = firstFree(cursor, windowLast);
        boolean free = inRange(found, cursor, windowLast);
        if (!free && cursor != windowFirst) {
            found = firstFree(windowFirst, cursor - 1);
            free = inRange(found, windowFirst, cursor - 1);
        }
        if (!free) {
            throw DriverException.unavailable("no free address in " + describeWindow());
        }
        InetAddress address = block.addressAt(found);
        long nextCursor = found == windowLast ? windowFirst : found + 1;
        store.addAddress(new StoredAddress(id, address, AddressRole.ENDPOINT, mac), nextCursor);
        allocated.add(found);
        cursor = nextCursor;
        return address;
    }

    /** One particular address, anywhere in the subnet (the range only limits {@link #allocateNext}). */
    synchronized InetAddress allocate(InetAddress address, IpamStore store, Optional<String> mac) {
        requireLive();
        long offset = offsetOf(address, "address");
        if (allocated.contains(offset)) {
            throw DriverException.conflict(
                    IpAddresses.format(address) + " is already in use in " + describe() + ": it is " + holder(offset));
        }
        store.addAddress(new StoredAddress(id, address, AddressRole.ENDPOINT, mac), cursor);
        allocated.add(offset);
        return address;
    }

    /**
     * The gateway (a remote-protocol gateway request). Without an address, or with the current gateway's, returns the
     * gateway, reserving it again if it was released. With another address, moves a gateway the driver chose there
     * (dockerd asks for the user's {@code --gateway} this way after the pool is made); a gateway the pool request
     * named stays.
     */
    synchronized InetAddress gateway(Optional<InetAddress> requested, IpamStore store) {
        requireLive();
        if (requested.isEmpty() || requested.get().equals(gateway)) {
            if (!gatewayHeld) {
                if (allocated.contains(gatewayOffset)) {
                    throw DriverException.conflict("the gateway " + IpAddresses.format(gateway) + " of " + describe()
                            + " was released and is now " + holder(gatewayOffset));
                }
                store.addAddress(new StoredAddress(id, gateway, AddressRole.GATEWAY, Optional.empty()), cursor);
                allocated.add(gatewayOffset);
                gatewayHeld = true;
            }
            return gateway;
        }
        InetAddress wanted = requested.get();
        if (gatewayExplicit && gatewayHeld) {
            throw DriverException.conflict(describe() + " already has the gateway " + IpAddresses.format(gateway)
                    + ", given when the pool was requested; it cannot also have " + IpAddresses.format(wanted));
        }
        long offset = offsetOf(wanted, "gateway");
        if (allocated.contains(offset)) {
            throw DriverException.conflict("gateway " + IpAddresses.format(wanted) + " is already in use in "
                    + describe() + ": it is " + holder(offset));
        }
        store.replaceGateway(id, wanted, true, gatewayHeld ? Optional.of(gateway) : Optional.empty());
        if (gatewayHeld) {
            allocated.remove(gatewayOffset);
        }
        allocated.add(offset);
        gateway = wanted;
        gatewayOffset = offset;
        gatewayExplicit = true;
        gatewayHeld = true;
        return wanted;
    }

    /** Frees one allocated address: an endpoint's, the gateway or an auxiliary one. */
    synchronized void release(InetAddress address, IpamStore store) {
        requireLive();
        long offset = offsetOf(address, "address");
        if (!allocated.contains(offset)) {
            throw DriverException.notFound(
                    IpAddresses.format(address) + " is not allocated in " + describe() + "; was it released twice?");
        }
        store.removeAddress(id, address);
        allocated.remove(offset);
        if (gatewayHeld && offset == gatewayOffset) {
            gatewayHeld = false;
        }
        auxNames.remove(offset);
    }

    /** Frees every endpoint address not in {@code live}; returns what it freed. */
    synchronized List<InetAddress> reconcile(Set<InetAddress> live, IpamStore store) {
        if (released) {
            return List.of();
        }
        List<InetAddress> orphans = new ArrayList<>();
        List<Long> orphanOffsets = new ArrayList<>();
        forEachEndpointOffset(offset -> {
            InetAddress address = block.addressAt(offset);
            if (!live.contains(address)) {
                orphans.add(address);
                orphanOffsets.add(offset);
            }
        });
        if (!orphans.isEmpty()) {
            store.removeAddresses(id, orphans);
            orphanOffsets.forEach(allocated::remove);
        }
        return orphans;
    }

    /** Frees the whole pool; later calls on it fail with NOT_FOUND. */
    synchronized void release(IpamStore store) {
        requireLive();
        store.removePool(id);
        released = true;
    }

    /** The addresses endpoints hold (not the gateway, not auxiliary addresses), ascending. */
    synchronized List<InetAddress> endpointAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        forEachEndpointOffset(offset -> addresses.add(block.addressAt(offset)));
        return addresses;
    }

    synchronized PoolInfo info() {
        Map<String, InetAddress> aux = new LinkedHashMap<>();
        new TreeMap<>(auxNames).forEach((offset, name) -> aux.put(name, block.addressAt(offset)));
        long endpoints = allocated.size() - neverHandedOut.length - (gatewayHeld ? 1 : 0) - auxNames.size();
        return new PoolInfo(
                id,
                addressSpace,
                subnet,
                range,
                new IpPrefix(gateway, subnet.length()),
                gatewayHeld,
                aux,
                owner,
                automatic,
                endpoints);
    }

    /** Rough bytes the allocation index holds. */
    synchronized long estimatedIndexBytes() {
        return allocated.estimatedBytes();
    }

    private interface OffsetAction {
        void accept(long offset);
    }

    private void forEachEndpointOffset(OffsetAction action) {
        allocated.forEach(offset -> {
            if (!isNeverHandedOut(offset)
                    && !(gatewayHeld && offset == gatewayOffset)
                    && !auxNames.containsKey(offset)) {
                action.accept(offset);
            }
        });
    }

    private void requireLive() {
        if (released) {
            throw DriverException.notFound("pool " + id + " was released");
        }
    }

    /**
     * The offset of an address a request named; refuses one of the wrong family, outside the subnet, or never to be
     * handed out.
     */
    private long offsetOf(InetAddress address, String what) {
        if ((address instanceof Inet4Address) != subnet.isIpv4()) {
            throw DriverException.invalid(what + " " + IpAddresses.format(address) + " is " + Addresses.family(address)
                    + " but " + describe() + " is " + Addresses.family(subnet));
        }
        DefaultIpamDriver.refuseMapped(what, address);
        byte[] raw = address.getAddress();
        if (!block.contains(raw)) {
            String text = IpAddresses.format(address);
            if (!subnet.contains(address)) {
                throw DriverException.invalid(what + " " + text + " is outside " + describe());
            }
            throw DriverException.invalid(what + " " + text + " is outside " + blockPrefix()
                    + ", the /64 of " + subnet + " this pool allocates from (an IPv6 pool shorter than /64"
                    + " allocates within the /64 of its ip-range, or its first /64)");
        }
        long offset = block.offsetOf(raw);
        if (isNeverHandedOut(offset)) {
            throw DriverException.invalid(what + " " + IpAddresses.format(address) + " is the " + reservedName(offset)
                    + " of " + subnet + "; it is never handed out");
        }
        return offset;
    }

    private boolean isNeverHandedOut(long offset) {
        for (long reserved : neverHandedOut) {
            if (reserved == offset) {
                return true;
            }
        }
        return false;
    }

    private String reservedName(long offset) {
        if (subnet.isIpv6()) {
            return "subnet-router anycast address (RFC 4291 §2.6.1)";
        }
        return offset == 0 ? "network address" : "broadcast address";
    }

    private String holder(long offset) {
        if (isNeverHandedOut(offset)) {
            return "the " + reservedName(offset);
        }
        if (gatewayHeld && offset == gatewayOffset) {
            return "the gateway";
        }
        String aux = auxNames.get(offset);
        return aux != null ? "reserved as auxiliary address '" + aux + "'" : "allocated to an endpoint";
    }

    private long firstFree(long from, long to) {
        return allocated.firstAbsent(from, to);
    }

    /**
     * True when {@code offset} lies in the window. {@link OffsetSet#firstAbsent} answers "none" with an offset outside
     * the range searched, so this also tells whether a search of the whole window found something.
     */
    private boolean inWindow(long offset) {
        return inRange(offset, windowFirst, windowLast);
    }

    private static boolean inRange(long offset, long first, long last) {
        return Long.compareUnsigned(offset, first) >= 0 && Long.compareUnsigned(offset, last) <= 0;
    }

    private IpPrefix blockPrefix() {
        return new IpPrefix(block.addressAt(0), 64);
    }

    /** "10.1.0.0/24 (network web)" */
    String describe() {
        return subnet + owner.map(name -> " (network " + name + ")").orElse("");
    }

    /** Where next-free allocation happens: the subnet, or "ip-range R of S". */
    private String describeWindow() {
        return range.map(r -> "ip-range " + r + " of ").orElse("") + describe();
    }
}
