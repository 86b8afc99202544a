package io.shoal.engine.container;

import java.util.Objects;

/**
 * One host side of a published port (Docker's {@code PortBinding}: {@code {"HostIp":"0.0.0.0","HostPort":"8080"}}):
 * host address text ({@code ""} = every address of both families) and host port text ({@code ""} or {@code "0"} = any
 * free port, a number, or a range {@code "8000-8010"} as the user typed it).
 */
public record HostBinding(String hostIp, String hostPort) {
    public HostBinding {
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(hostPort, "hostPort");
    }
}
