/**
 * Shoal's default IPAM driver: {@link io.shoal.ipam.DefaultIpamDriver}, made by {@link
 * io.shoal.ipam.DefaultIpamProvider}, its state in an {@link io.shoal.ipam.IpamStore} ({@link
 * io.shoal.ipam.SqliteIpamStore} in production). Knows nothing of network drivers or the engine.
 */
package io.shoal.ipam;
