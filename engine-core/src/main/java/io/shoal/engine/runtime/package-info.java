/**
 * The container runtime port: what the engine asks of containerd (containers, tasks, exec processes, exits, stdio)
 * in the engine's own types, with {@link io.shoal.engine.runtime.ContainerRuntimeException} kinds instead of gRPC
 * statuses. The adapter lives in engine-containerd. JDK only.
 */
package io.shoal.engine.runtime;
