/**
 * Runnable demonstrations (run as root, in namespaces they make and remove): {@link
 * io.shoal.engine.demo.BridgeDemo} shows the kernel layer alone, {@link io.shoal.engine.demo.ShoalDemo} composes
 * IPAM, the bridge driver and the embedded DNS as the engine will.
 */
package io.shoal.engine.demo;
