/**
 * Puts the embedded resolver where containers look for it, as Docker does: a listener on 127.0.0.11 inside each
 * container's network namespace, an nftables DNAT there from port 53 to the listener's high ports, and the
 * {@code /etc/resolv.conf} content that points the container at it.
 */
package io.shoal.dns.placement;
