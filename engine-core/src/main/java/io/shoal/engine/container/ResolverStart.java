package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A container's embedded DNS resolver being started beside the runtime's creation of the container and its task, which
 * need only the sandbox's namespace: the resolver's listener and DNAT rule must be in place when the task starts (the
 * container's first query may follow at once), not before containerd is asked to create it. The start awaits it just
 * before the task starts ({@link TaskLauncher}); a start without a resolver awaits nothing ({@link #NONE}).
 */
final class ResolverStart {
    /** No resolver to wait for. */
    static final ResolverStart NONE = new ResolverStart(CompletableFuture.completedFuture(null));

    /** The resolver's start, run on another thread. */
    @FunctionalInterface
    interface Step {
        void run() throws EngineException;
    }

    private final CompletableFuture<Void> outcome;

    private ResolverStart(CompletableFuture<Void> outcome) {
        this.outcome = outcome;
    }

    /** Runs {@code step} on {@code executor}; {@link #await} gives its outcome. */
    static ResolverStart begin(Executor executor, Step step) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                step.run();
                outcome.complete(null);
            } catch (EngineException | RuntimeException e) {
                outcome.completeExceptionally(e);
            } catch (Error e) {
                outcome.completeExceptionally(e);
                throw e;
            }
        });
        return new ResolverStart(outcome);
    }

    /**
     * Waits until the resolver runs and throws what its start threw. Waits through interrupts (the flag is kept): the
     * start cannot go on, nor be undone, without knowing whether the resolver is there.
     *
     * @throws EngineException the resolver's start failed (its own error)
     */
    void await() throws EngineException {
        Optional<Throwable> settled = settled();
        if (settled.isEmpty()) {
            return;
        }
        Throwable failure = settled.get();
        if (failure instanceof EngineException engine) {
            throw engine;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new EngineException(ErrorKind.INTERNAL, "starting the DNS resolver failed: " + failure, failure);
    }

    /** Waits until the resolver's start has ended, either way (for an undo that must not race it); its failure if any. */
    Optional<Throwable> settled() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    outcome.get();
                    return Optional.empty();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return Optional.of(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
