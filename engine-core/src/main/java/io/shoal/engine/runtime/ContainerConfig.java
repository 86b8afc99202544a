package io.shoal.engine.runtime;

import io.shoal.engine.runtime.oci.OciSpec;
import java.util.Map;
import java.util.Objects;

/**
 * What the runtime stores for a container: its id (containerd's rules: {@code [A-Za-z0-9]+([._-][A-Za-z0-9]+)*}, at
 * most 76 characters), labels (kept by the runtime, for the engine's own bookkeeping) and the OCI spec the engine
 * built ({@link io.shoal.engine.runtime.oci.ContainerSpecBuilder}).
 */
public record ContainerConfig(String id, Map<String, String> labels, OciSpec spec) {
    public ContainerConfig {
        Objects.requireNonNull(id, "id");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(spec, "spec");
    }
}
