/**
 * The netlink wire format (netlink(7), rtnetlink(7)): message headers, the fixed structs of each rtnetlink family
 * ({@code ifinfomsg}, {@code ifaddrmsg}, {@code rtmsg}, {@code ndmsg}), attributes and their constants, as the
 * kernel's {@code linux/netlink.h}, {@code linux/rtnetlink.h} and {@code linux/if_link.h} define them. Encodes and
 * decodes bytes only; sockets live in {@link io.shoal.netlink}.
 */
package io.shoal.netlink.wire;
