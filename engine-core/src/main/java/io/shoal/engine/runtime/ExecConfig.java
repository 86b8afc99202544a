package io.shoal.engine.runtime;

import io.shoal.engine.runtime.oci.OciProcess;
import java.util.Objects;

/**
 * An extra process to run in a running container: {@code execId} names it within the container (containerd's id
 * rules: {@code [A-Za-z0-9]+([._-][A-Za-z0-9]+)*}, at most 76 characters), {@code process} is what to run (see {@link
 * io.shoal.engine.runtime.oci.ContainerSpecBuilder#execProcess}).
 */
public record ExecConfig(String execId, OciProcess process, Stdio stdio) {
    public ExecConfig {
        Objects.requireNonNull(execId, "execId");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(stdio, "stdio");
    }
}
