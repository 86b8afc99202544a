package io.shoal.spi.ipam;

import io.shoal.net.MacAddress;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for one address of a pool (the remote protocol's {@code RequestAddress}).
 *
 * @param poolId the pool, as {@link PoolAllocation#poolId()} named it
 * @param address the address asked for ({@code docker run --ip}); empty for the next free one
 * @param mac the endpoint's MAC address, when the engine knows it (required by drivers whose {@link
 *     IpamCapabilities#requiresMacAddress()} is true)
 * @param options request options, e.g. {@link #REQUEST_ADDRESS_TYPE} = {@link #GATEWAY_TYPE} for the gateway
 */
public record AddressRequest(
        String poolId, Optional<InetAddress> address, Optional<MacAddress> mac, Map<String, String> options) {
    /** Option key saying what the address is for (libnetwork's {@code ipamapi.RequestAddressType}). */
    public static final String REQUEST_ADDRESS_TYPE = "RequestAddressType";

    /** Value of {@link #REQUEST_ADDRESS_TYPE} asking for the pool's gateway (libnetwork's {@code netlabel.Gateway}). */
    public static final String GATEWAY_TYPE = "com.docker.network.gateway";

    /** Option key under which the remote protocol passes the endpoint's MAC address. */
    public static final String MAC_ADDRESS_OPTION = "com.docker.network.endpoint.macaddress";

    /** @throws NullPointerException when a component is null */
    public AddressRequest {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        options = Map.copyOf(options);
    }

    /**
     * The next free address of the pool.
     *
     * @param poolId the pool, as {@link PoolAllocation#poolId()} named it
     * @return the request
     */
    public static AddressRequest next(String poolId) {
        return new AddressRequest(poolId, Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * One particular address of the pool ({@code docker run --ip}).
     *
     * @param poolId the pool
     * @param address the address wanted, of the pool's family
     * @return the request
     */
    public static AddressRequest specific(String poolId, InetAddress address) {
        return new AddressRequest(poolId, Optional.of(address), Optional.empty(), Map.of());
    }

    /**
     * The pool's gateway, as the remote protocol asks for it.
     *
     * @param poolId the pool
     * @return the request
     */
    public static AddressRequest gateway(String poolId) {
        return new AddressRequest(
                poolId, Optional.empty(), Optional.empty(), Map.of(REQUEST_ADDRESS_TYPE, GATEWAY_TYPE));
    }

    /** @return true when the options ask for the pool's gateway ({@link #REQUEST_ADDRESS_TYPE}) */
    public boolean isGatewayRequest() {
        return GATEWAY_TYPE.equals(options.get(REQUEST_ADDRESS_TYPE));
    }
}
