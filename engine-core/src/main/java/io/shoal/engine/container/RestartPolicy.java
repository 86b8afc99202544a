package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;

/**
 * A container's restart policy ({@code docker run --restart NAME[:N]}, {@code HostConfig.RestartPolicy}): {@code no}
 * (or {@code ""}), {@code always}, {@code unless-stopped}, or {@code on-failure} with at most {@code maxRetries}
 * restarts (0 = no limit). The rules are those of moby's {@code restartmanager.ShouldRestart}.
 */
record RestartPolicy(Name name, int maxRetries) {
    /** The policies Docker knows. */
    enum Name {
        NO,
        ALWAYS,
        UNLESS_STOPPED,
        ON_FAILURE
    }

    /** The policy stored with a container (validated at create; an unknown name reads as {@code no}). */
    static RestartPolicy of(HostSettings host) {
        return switch (host.restartPolicy()) {
            case "always" -> new RestartPolicy(Name.ALWAYS, 0);
            case "unless-stopped" -> new RestartPolicy(Name.UNLESS_STOPPED, 0);
            case "on-failure" -> new RestartPolicy(Name.ON_FAILURE, Math.max(0, host.restartRetries()));
            default -> new RestartPolicy(Name.NO, 0);
        };
    }

    /**
     * Checks a requested policy as Docker 25+ does ({@code validateRestartPolicy} and the {@code AutoRemove} rule of
     * moby's {@code daemon/container.go}), with Docker's texts; INVALID_ARGUMENT (400) when refused.
     */
    static void validate(HostSettings host) throws EngineException {
        String name = host.restartPolicy();
        int retries = host.restartRetries();
        switch (name) {
            case "", "no", "always", "unless-stopped" -> {
                if (retries != 0 && !name.isEmpty()) {
                    throw invalid("invalid restart policy: maximum retry count can only be used with 'on-failure'"
                            + (retries < 0 ? " and cannot be negative" : ""));
                }
            }
            case "on-failure" -> {
                if (retries < 0) {
                    throw invalid("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            default -> throw invalid("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'unless-stopped', or 'on-failure'");
        }
        if (host.autoRemove() && of(host).name() != Name.NO) {
            throw invalid("can't create 'AutoRemove' container with restart policy");
        }
    }

    private static EngineException invalid(String message) {
        return new EngineException(ErrorKind.INVALID_ARGUMENT, message);
    }

    /**
     * Whether a container that exited with {@code exitCode} is started again: {@code always} yes; {@code
     * unless-stopped} unless the user stopped it; {@code on-failure} for a non-zero code while fewer than {@code
     * maxRetries} restarts were made ({@code restartCount}).
     */
    boolean restarts(int exitCode, boolean manuallyStopped, int restartCount) {
        return switch (name) {
            case NO -> false;
            case ALWAYS -> true;
            case UNLESS_STOPPED -> !manuallyStopped;
            case ON_FAILURE -> exitCode != 0 && (maxRetries == 0 || restartCount < maxRetries);
        };
    }
}
