package io.shoal.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RestartSupervisorTest {
    private static final Duration SHORT = Duration.ofSeconds(1);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> restarted = new ArrayList<>();
    private final RestartSupervisor supervisor = new RestartSupervisor(scheduler, restarted::add);

    private static RestartPolicy policy(String name, int retries) {
        return RestartPolicy.of(new HostSettings(
                "default",
                java.util.Map.of(),
                false,
                false,
                name,
                retries,
                List.of(),
                List.of(),
                List.of(),
                List.of()));
    }

    @Test
    void theDelayStartsAt100MsDoublesUpToAMinuteAndResetsAfterARunOfTenSeconds() {
        RestartPolicy always = policy("always", 0);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            delays.add(supervisor.onExit("c", always, 1, false, i, SHORT).orElseThrow());
            scheduler.runAll();
        }
        assertThat(delays.subList(0, 4))
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(delays.get(10)).isEqualTo(Duration.ofMinutes(1));
        assertThat(delays.get(11)).isEqualTo(Duration.ofMinutes(1));
        assertThat(supervisor.onExit("c", always, 1, false, 12, Duration.ofSeconds(10)))
                .contains(Duration.ofMillis(100));
        assertThat(restarted).hasSize(12);
    }

    @Test
    void eachPolicyDecidesAsDockersRestartManager() {
        assertThat(policy("no", 0).restarts(1, false, 0)).isFalse();
        assertThat(policy("", 0).restarts(1, false, 0)).isFalse();
        assertThat(policy("always", 0).restarts(0, true, 7)).isTrue();
        assertThat(policy("unless-stopped", 0).restarts(0, false, 7)).isTrue();
        assertThat(policy("unless-stopped", 0).restarts(0, true, 0)).isFalse();
        RestartPolicy twice = policy("on-failure", 2);
        assertThat(twice.restarts(0, false, 0)).isFalse();
        assertThat(twice.restarts(3, false, 0)).isTrue();
        assertThat(twice.restarts(3, false, 1)).isTrue();
        assertThat(twice.restarts(3, false, 2)).isFalse();
        assertThat(policy("on-failure", 0).restarts(3, true, 1000)).isTrue();
    }

    @Test
    void aCancelDropsThePendingRestartAndLaterExitsUntilAReset() {
        RestartPolicy always = policy("always", 0);
        assertThat(supervisor.onExit("c", always, 0, false, 0, SHORT)).isPresent();
        assertThat(supervisor.isPending("c")).isTrue();

        assertThat(supervisor.cancel("c")).isTrue();
        scheduler.runAll();
        assertThat(restarted).isEmpty();
        assertThat(scheduler.cancelled).isEqualTo(1);
        assertThat(supervisor.isPending("c")).isFalse();
        assertThat(supervisor.onExit("c", always, 0, false, 0, SHORT)).isEmpty();

        supervisor.reset("c");
        assertThat(supervisor.onExit("c", always, 0, false, 0, SHORT)).contains(Duration.ofMillis(100));
        scheduler.runAll();
        assertThat(restarted).containsExactly("c");
    }

    @Test
    void aPolicyThatSaysNoSchedulesNothing() {
        assertThat(supervisor.onExit("c", policy("on-failure", 1), 0, false, 0, SHORT))
                .isEmpty();
        assertThat(supervisor.onExit("c", policy("no", 0), 9, false, 0, SHORT)).isEmpty();
        assertThat(scheduler.tasks).isEmpty();
    }

    @Test
    void aResumedRestartIsScheduledOnceAfterTheFirstDelay() {
        assertThat(supervisor.onExit("c", policy("always", 0), 0, false, 0, SHORT))
                .isPresent();
        supervisor.resume("c");
        supervisor.resume("d");
        assertThat(scheduler.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
        scheduler.runAll();
        assertThat(restarted).containsExactly("c", "d");
    }

    @Test
    void invalidPoliciesAreRefusedWithDockersTexts() {
        assertThat(refusal("sometimes", 0))
                .isEqualTo("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always',"
                        + " 'unless-stopped', or 'on-failure'");
        assertThat(refusal("always", 3))
                .isEqualTo("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        assertThat(refusal("no", -1))
                .isEqualTo("invalid restart policy: maximum retry count can only be used with 'on-failure' and"
                        + " cannot be negative");
        assertThat(refusal("on-failure", -1))
                .isEqualTo("invalid restart policy: maximum retry count cannot be negative");
        assertThat(refusal("on-failure", 3)).isEmpty();
        assertThat(refusal("", 5)).isEmpty();
    }

    private static String refusal(String name, int retries) {
        try {
            RestartPolicy.validate(new HostSettings(
                    "default",
                    java.util.Map.of(),
                    false,
                    false,
                    name,
                    retries,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of()));
            return "";
        } catch (io.shoal.engine.errors.EngineException e) {
            return e.getMessage();
        }
    }

    /** Runs scheduled tasks when the test says so; records the delays asked for. */
    static final class ManualScheduler implements RestartSupervisor.Scheduler {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();
        int cancelled;

        @Override
        public synchronized RestartSupervisor.Cancellable schedule(Runnable task, Duration delay) {
            tasks.add(task);
            delays.add(delay);
            return () -> {
                synchronized (this) {
                    if (tasks.remove(task)) {
                        cancelled++;
                    }
                }
            };
        }

        /** Runs every task scheduled so far (on the caller's thread); returns how many ran. */
        int runAll() {
            List<Runnable> due;
            synchronized (this) {
                due = new ArrayList<>(tasks);
                tasks.clear();
            }
            due.forEach(Runnable::run);
            return due.size();
        }

        synchronized Optional<Duration> lastDelay() {
            return delays.isEmpty() ? Optional.empty() : Optional.of(delays.get(delays.size() - 1));
        }
    }
}
