/**
 * The native calls behind {@link io.shoal.netlink}, bound with jnr-ffi: the system calls of namespaces and netlink
 * sockets, and libnftables. The only package that may touch jnr-ffi (an ArchUnit rule checks it); internal to the
 * netlink module.
 */
package io.shoal.netlink.internal.ffi;
