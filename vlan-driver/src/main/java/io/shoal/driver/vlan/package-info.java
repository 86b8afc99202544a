/**
 * The macvlan network driver ({@code docker network create -d macvlan}): each endpoint is a macvlan link on the
 * network's parent interface, made in the host namespace and moved into the sandbox. Found through {@link
 * io.shoal.driver.vlan.MacvlanDriverProvider}; see docs/macvlan.md. Knows the SPI, driver-support and netlink only.
 */
package io.shoal.driver.vlan;
