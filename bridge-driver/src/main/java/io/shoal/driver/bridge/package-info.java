/**
 * The bridge network driver ({@code docker network create -d bridge}): one Linux bridge per network, one veth pair
 * per endpoint. Found through {@link io.shoal.driver.bridge.BridgeDriverProvider}; see docs/bridge.md. Knows the SPI,
 * driver-support and netlink only.
 */
package io.shoal.driver.bridge;
