/**
 * The IPAM half of the driver SPI: an {@link io.shoal.spi.ipam.IpamDriver} hands out address pools (subnets) to
 * networks and addresses inside them to endpoints. Modelled on libnetwork's {@code ipamapi.Ipam}, so that Docker's
 * remote IPAM plugin protocol ({@code IpamDriver.RequestPool}, {@code RequestAddress}, …) maps onto it one call to one
 * method. JDK only.
 */
package io.shoal.spi.ipam;
