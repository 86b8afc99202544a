package io.shoal.engine.container;

import java.util.Objects;
import java.util.Optional;

/** The end of a wait: the exit code ({@code StatusCode}) and, when the wait itself failed, why ({@code Error.Message}). */
public record WaitResult(int statusCode, Optional<String> error) {
    public WaitResult {
        Objects.requireNonNull(error, "error");
    }
}
