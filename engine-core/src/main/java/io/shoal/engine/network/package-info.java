/**
 * The engine's networks: the backend behind {@code docker network …}, the attachments the container side uses, and
 * the values both show. The controller here is the only caller of the driver SPI and IPAM.
 */
package io.shoal.engine.network;
