/**
 * The firewall adapter of the embedded resolver: the nftables rules that send a container's port-53 traffic for
 * 127.0.0.11 to its listener's high ports, and the one class that runs {@code nft} to apply them.
 */
package io.shoal.dns.firewall;
