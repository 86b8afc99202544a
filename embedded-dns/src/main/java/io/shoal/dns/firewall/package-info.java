/**
 * The firewall adapter of the embedded resolver: the nftables rules that send a container's port-53 traffic for
 * 127.0.0.11 to its listener's high ports, as nftables scripts (applied with netlink's {@code Nftables}).
 */
package io.shoal.dns.firewall;
