/**
 * The IPAM half of the driver SPI: an {@link io.shoal.spi.ipam.IpamDriver} hands out address pools (subnets) to
 * networks and addresses inside them to endpoints. Modelled on libnetwork's {@code ipamapi.Ipam}, so that Docker's
 * remote IPAM plugin protocol (libnetwork's {@code docs/ipam.md}: {@code IpamDriver.RequestPool}, {@code
 * RequestAddress}, …) maps onto it one call to one method. Addresses are {@link java.net.InetAddress} values, with
 * prefix lengths as {@link io.shoal.net.IpPrefix}; pool ids are the driver's own opaque text. JDK only.
 */
package io.shoal.spi.ipam;
