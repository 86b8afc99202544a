/**
 * Network value types the SPI's records use: {@link io.shoal.spi.net.IpPrefix} (an address with a prefix length, CIDR
 * text in and RFC 5952 text out) and {@link io.shoal.spi.net.MacAddress} (a 48-bit Ethernet address). Parsers accept
 * numeric text only and never resolve a name; they throw {@link IllegalArgumentException} saying what is wrong, which
 * callers at the SPI's edge turn into an INVALID_ARGUMENT {@link io.shoal.spi.DriverException}. JDK only.
 */
package io.shoal.spi.net;
