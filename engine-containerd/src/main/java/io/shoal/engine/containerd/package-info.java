/**
 * The container runtime port over containerd 1.6: gRPC on its unix socket (stubs from Shoal's own protos), the runc v2
 * shim, stdio through FIFOs copied by one pump thread, and the private containerd the engine starts under its data
 * root.
 */
package io.shoal.engine.containerd;
