package io.shoal.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The resolver's start beside the runtime's work: its outcome reaches the start, once it has run. */
@Tag("unit")
class ResolverStartTest {
    /** Runs nothing until {@link #runAll}: the step is still pending when the caller goes on. */
    private static final class HeldExecutor implements Executor {
        private final List<Runnable> pending = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            pending.add(command);
        }

        void runAll() {
            pending.forEach(Runnable::run);
            pending.clear();
        }
    }

    @Test
    void theStepRunsOnTheExecutorNotOnTheCaller() throws Exception {
        HeldExecutor executor = new HeldExecutor();
        List<String> ran = new ArrayList<>();

        ResolverStart start = ResolverStart.begin(executor, () -> ran.add("attach"));

        assertThat(ran).isEmpty();
        executor.runAll();
        start.await();
        assertThat(ran).containsExactly("attach");
        assertThat(start.settled()).isEmpty();
    }

    @Test
    void aFailedStepIsThrownByAwaitAndOnlyReportedBySettled() {
        EngineException refused = new EngineException(ErrorKind.INTERNAL, "cannot start the DNS resolver of web");
        ResolverStart start = ResolverStart.begin(Runnable::run, () -> {
            throw refused;
        });

        assertThatThrownBy(start::await).isSameAs(refused);
        assertThat(start.settled()).containsSame(refused);
    }

    @Test
    void anUncheckedFailureOfTheStepReachesTheCallerToo() {
        ResolverStart start = ResolverStart.begin(Runnable::run, () -> {
            throw new IllegalStateException("listener closed");
        });

        assertThatThrownBy(start::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("listener closed");
    }

    @Test
    void noResolverAwaitsNothing() throws Exception {
        ResolverStart.NONE.await();
        assertThat(ResolverStart.NONE.settled()).isEmpty();
    }
}
