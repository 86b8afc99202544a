/**
 * What Shoal's own network drivers share: kernel errors translated to SPI errors, undo lists for rollback, MAC
 * addresses, pool checks and the text format of driver records in a {@link io.shoal.spi.DriverStore}. Not part of
 * the SPI: a third-party driver may ignore it. Knows the SPI and netlink only.
 */
package io.shoal.driver.support;
