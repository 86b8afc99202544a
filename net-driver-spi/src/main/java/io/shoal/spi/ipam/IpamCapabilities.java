package io.shoal.spi.ipam;

/**
 * What an IPAM driver needs from the engine (the remote protocol's {@code GetCapabilities} reply).
 *
 * @param requiresMacAddress the engine must put the endpoint's MAC address in {@link AddressRequest#mac()}
 * @param requiresRequestReplay the engine must replay its pool and address requests after a restart, because the
 *     driver keeps no state of its own
 */
public record IpamCapabilities(boolean requiresMacAddress, boolean requiresRequestReplay) {
    /** @return the capabilities of a driver that needs nothing: it keeps its own state and ignores MAC addresses */
    public static IpamCapabilities none() {
        return new IpamCapabilities(false, false);
    }
}
