/**
 * The bridge driver's firewall: every bridge network's chains, map elements and published ports in Shoal's own
 * nftables table ({@code inet shoal}), each change one nftables transaction.
 */
package io.shoal.driver.bridge.firewall;
