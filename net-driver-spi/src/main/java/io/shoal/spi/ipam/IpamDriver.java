package io.shoal.spi.ipam;

import io.shoal.spi.DriverException;
import java.net.InetAddress;

/**
 * An IPAM driver: owns address pools and the addresses handed out from them. Modelled on libnetwork's {@code
 * ipamapi.Ipam}; each method maps to one call of Docker's remote IPAM protocol ({@code IpamDriver.GetCapabilities},
 * {@code GetDefaultAddressSpaces}, {@code RequestPool}, {@code ReleasePool}, {@code RequestAddress}, {@code
 * ReleaseAddress}).
 *
 * <p>Call order, as the engine drives it: {@code network create} → {@link #requestPool} (once per family); container
 * connect → {@link #requestAddress}; disconnect → {@link #releaseAddress}; {@code network rm} → {@link
 * #releasePool}.
 *
 * <p>Concurrency: every method may be called concurrently with every other, from any thread, for the same or
 * different pools; the driver serialises what must be serialised. Every method either does all it says or, when it
 * throws, changes nothing. Errors are {@link DriverException}s whose kind says what happened ({@code
 * INVALID_ARGUMENT} for bad input, {@code CONFLICT} for an address or subnet already in use, {@code NOT_FOUND} for an
 * unknown pool or an address not allocated, {@code UNAVAILABLE} for an exhausted pool or a store that cannot be
 * written) and whose message says what to fix.
 */
public interface IpamDriver {
    /** The type name users pass as {@code --ipam-driver TYPE}; the same as its provider's. */
    String type();

    /** What the driver needs from the engine; asked once, after the driver is made. Read only. */
    IpamCapabilities capabilities();

    /**
     * The names of the address spaces the engine uses when the user names none: one for local-scope networks, one for
     * global-scope ones. Asked once, after the driver is made; read only.
     */
    AddressSpaces defaultAddressSpaces();

    /**
     * Called by {@code network create}, once per address family the network has. Reserves a subnet in the request's
     * address space: the one asked for, or one the driver chooses from its default pools when the request names none.
     * Also reserves the gateway (the one asked for, or one the driver chooses) and the auxiliary addresses, so no
     * endpoint ever gets them. The subnet stays reserved, and no other request in the same address space can get an
     * overlapping one, until {@link #releasePool}.
     *
     * @return the pool's id, to be passed to the other methods, and what was reserved
     * @throws DriverException INVALID_ARGUMENT for a malformed request; CONFLICT when the subnet overlaps a pool
     *     already reserved (the message names the network holding it); UNAVAILABLE when no default pool is left
     */
    PoolAllocation requestPool(PoolRequest request);

    /**
     * Called by {@code network rm}, after its endpoints are gone. Frees the pool's subnet and every address still
     * allocated in it (gateway, auxiliary and endpoint addresses); the subnet may then be handed out again.
     *
     * @throws DriverException NOT_FOUND for an unknown (or already released) pool
     */
    void releasePool(String poolId);

    /**
     * Called when an endpoint is created (container connect), and by the remote protocol for the gateway. Allocates
     * one address of the pool: the one asked for, or the next free one. A request marked as a gateway request returns
     * the pool's gateway.
     *
     * @return the address with the pool's prefix length, e.g. {@code 10.1.0.2/24}
     * @throws DriverException NOT_FOUND for an unknown pool; INVALID_ARGUMENT for an address outside the pool or of
     *     the wrong family, or one that can never be handed out (network, broadcast, subnet-router anycast); CONFLICT
     *     for an address already allocated or reserved; UNAVAILABLE when the pool has no free address
     */
    AddressAllocation requestAddress(AddressRequest request);

    /**
     * Called when an endpoint is deleted (container disconnect). Frees one address of the pool so a later {@link
     * #requestAddress} may hand it out again.
     *
     * @throws DriverException NOT_FOUND for an unknown pool, or an address that is not allocated (released twice)
     */
    void releaseAddress(String poolId, InetAddress address);
}
