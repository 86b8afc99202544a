/**
 * The network driver SPI: what the engine calls to make networks and plug containers into them ({@link
 * io.shoal.spi.NetworkDriver}, made by a {@link io.shoal.spi.NetworkDriverProvider} found with {@link
 * java.util.ServiceLoader}), and the values it passes. Modelled on libnetwork's {@code driverapi.Driver}: each method
 * names the libnetwork call it corresponds to, which Docker's remote network plugin protocol (libnetwork's {@code
 * docs/remote.md}) carries as {@code NetworkDriver.CreateNetwork}, {@code NetworkDriver.Join} and so on.
 *
 * <p>Conventions throughout: ids are the engine's, 64 lower-case hex digits; addresses are {@link
 * java.net.InetAddress} values, with prefix lengths as {@link io.shoal.net.IpPrefix}, and written as RFC 5952
 * text; MTUs are in bytes; ports are 1–65535. Every failure is a {@link io.shoal.spi.DriverException} whose {@link
 * io.shoal.spi.ErrorKind} says what kind it is; no method returns null. JDK only: the SPI depends on nothing else.
 */
package io.shoal.spi;
