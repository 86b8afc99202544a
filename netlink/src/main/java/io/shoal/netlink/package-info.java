/**
 * Shoal's kernel layer: rtnetlink requests (links, addresses, routes, neighbours) through a {@link
 * io.shoal.netlink.NetlinkHandle}, network namespaces ({@link io.shoal.netlink.NetworkNamespace}), sysctls and
 * nftables, in the manner of vishvananda/netlink. Every kernel error becomes a typed {@link
 * io.shoal.netlink.KernelException} naming the request and the object. Knows nothing of drivers, IPAM or the SPI.
 */
package io.shoal.netlink;
