package io.shoal.engine.plugin;

import io.shoal.net.IpPrefix;
import io.shoal.spi.ipam.AddressAllocation;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.AddressSpaces;
import io.shoal.spi.ipam.IpamCapabilities;
import io.shoal.spi.ipam.IpamDriver;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import io.shoal.spi.ipam.PoolSharing;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * libnetwork's remote {@code IpamDriver.*} calls (interfaces-reference §3) onto a Shoal {@link IpamDriver}. dockerd
 * expects identical {@code RequestPool} calls to share a pool: with a driver that has {@link PoolSharing} they do.
 */
public final class IpamCalls {
    private final IpamDriver ipam;

    /** The calls over {@code ipam}. */
    public IpamCalls(IpamDriver ipam) {
        this.ipam = ipam;
    }

    void register(Map<String, PluginCalls.Handler> handlers) {
        handlers.put("IpamDriver.GetCapabilities", body -> capabilities());
        handlers.put("IpamDriver.GetDefaultAddressSpaces", body -> addressSpaces());
        handlers.put("IpamDriver.RequestPool", body -> requestPool(parse("RequestPool", body)));
        handlers.put("IpamDriver.ReleasePool", body -> releasePool(parse("ReleasePool", body)));
        handlers.put("IpamDriver.RequestAddress", body -> requestAddress(parse("RequestAddress", body)));
        handlers.put("IpamDriver.ReleaseAddress", body -> releaseAddress(parse("ReleaseAddress", body)));
    }

    private static JsonRequest parse(String method, byte[] body) {
        return JsonRequest.parse("IpamDriver." + method, body);
    }

    private Map<String, Object> capabilities() {
        IpamCapabilities capabilities = ipam.capabilities();
        return Map.of(
                "RequiresMACAddress", capabilities.requiresMacAddress(),
                "RequiresRequestReplay", capabilities.requiresRequestReplay());
    }

    private Map<String, Object> addressSpaces() {
        AddressSpaces spaces = ipam.defaultAddressSpaces();
        return Map.of("LocalDefaultAddressSpace", spaces.local(), "GlobalDefaultAddressSpace", spaces.global());
    }

    private Map<String, Object> requestPool(JsonRequest request) {
        String space = request.requiredText("AddressSpace");
        Optional<IpPrefix> pool = request.optionalPrefix("Pool");
        Optional<IpPrefix> subPool = request.optionalPrefix("SubPool");
        Map<String, String> options = request.stringMap("Options");
        boolean v6 = request.optionalBool("V6");
        if (subPool.isPresent() && pool.isEmpty()) {
            throw request.invalid("SubPool", "needs a Pool: an ip-range is a part of a subnet; give --subnet as well");
        }
        PoolRequest.Builder builder = PoolRequest.builder(space).v6(v6).options(options);
        pool.ifPresent(builder::subnet);
        subPool.ifPresent(builder::range);
        PoolRequest poolRequest = builder.build();
        PoolAllocation allocation = ipam instanceof PoolSharing sharing
                ? sharing.requestSharedPool(poolRequest)
                : ipam.requestPool(poolRequest);
        return Map.of(
                "PoolID", allocation.poolId(),
                "Pool", allocation.subnet().toString(),
                "Data", allocation.meta());
    }

    private Map<String, Object> releasePool(JsonRequest request) {
        ipam.releasePool(request.requiredText("PoolID"));
        return Map.of();
    }

    private Map<String, Object> requestAddress(JsonRequest request) {
        String poolId = request.requiredText("PoolID");
        Optional<InetAddress> address = request.optionalAddress("Address");
        Map<String, String> options = request.stringMap("Options");
        AddressAllocation allocation =
                ipam.requestAddress(new AddressRequest(poolId, address, Optional.empty(), options));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Address", allocation.address().toString());
        reply.put("Data", allocation.meta());
        return reply;
    }

    private Map<String, Object> releaseAddress(JsonRequest request) {
        String poolId = request.requiredText("PoolID");
        InetAddress address = request.optionalAddress("Address")
                .orElseThrow(() -> request.invalid("Address", "is missing or empty; give the address to release"));
        ipam.releaseAddress(poolId, address);
        return Map.of();
    }
}
