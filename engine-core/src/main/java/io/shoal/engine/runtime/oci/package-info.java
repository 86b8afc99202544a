/**
 * The OCI runtime spec of a container as Shoal builds it (runtime-spec config.md): Docker's default capabilities,
 * masked and read-only paths, mounts, private pid/ipc/uts/mount namespaces and a network namespace joined by path.
 * JDK only.
 */
package io.shoal.engine.runtime.oci;
