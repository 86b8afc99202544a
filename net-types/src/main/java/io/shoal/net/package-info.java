/**
 * Network value types every Shoal module shares, below all of them and JDK only: {@link io.shoal.net.IpPrefix} (an
 * address with a prefix length, CIDR text in and RFC 5952 text out), {@link io.shoal.net.IpAddresses} (numeric address
 * text in and out) and {@link io.shoal.net.MacAddress} (a 48-bit Ethernet address). Parsers accept numeric text only
 * and never resolve a name; for any non-null text they either return a value or throw {@link
 * IllegalArgumentException} saying what is wrong, which the SPI's callers turn into an INVALID_ARGUMENT {@code
 * DriverException} and netlink's callers pass on.
 */
package io.shoal.net;
