package io.shoal.engine.api;

import java.util.Objects;

/**
 * The versions {@code GET /info} reports for the runtimes under the engine ({@code docker info}'s "containerd version"
 * and "runc version" lines): containerd's version and revision as its Version service answers them, runc's version
 * and commit as {@code runc --version} prints them. Empty texts when unknown (Docker's zero value).
 */
public record RuntimeVersions(
        String containerdVersion, String containerdCommit, String runcVersion, String runcCommit) {
    public RuntimeVersions {
        Objects.requireNonNull(containerdVersion, "containerdVersion");
        Objects.requireNonNull(containerdCommit, "containerdCommit");
        Objects.requireNonNull(runcVersion, "runcVersion");
        Objects.requireNonNull(runcCommit, "runcCommit");
    }
}
