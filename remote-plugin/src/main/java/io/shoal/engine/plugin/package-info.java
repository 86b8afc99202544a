/**
 * libnetwork's remote plugin protocols (network driver and IPAM, v1 "legacy" plugins) served over Shoal's driver SPI,
 * so an existing dockerd loads Shoal's drivers and IPAM as the plugin {@code shoal}. See docs/plugin.md.
 */
package io.shoal.engine.plugin;
