package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.get;
import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.container.ContainerState.Status;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.runtime.FakeContainerRuntime;
import io.shoal.engine.sandbox.FakeSandboxHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart policies through the controller, with the delays run by hand ({@link RestartSupervisorTest}). */
@Tag("unit")
class ContainerRestartTest {
    @TempDir
    Path root;

    private final RestartSupervisorTest.ManualScheduler scheduler = new RestartSupervisorTest.ManualScheduler();
    private ControllerWorld world;
    private FakeContainerRuntime runtime;
    private FakeSandboxHost sandboxes;
    private ContainerController controller;

    @BeforeEach
    void setUp() throws Exception {
        world = ControllerWorld.start(root, scheduler);
        runtime = world.runtime;
        sandboxes = world.sandboxes;
        controller = world.controller;
    }

    @AfterEach
    void tearDown() {
        controller.close();
    }

    private ContainerController newController() {
        ContainerController created = world.newController();
        world.controller = created;
        return created;
    }

    private static HostSettings restart(String policy, int retries, boolean autoRemove) {
        return new HostSettings(
                "default", Map.of(), false, autoRemove, policy, retries, List.of(), List.of(), List.of(), List.of());
    }

    private String run(String name, String policy, int retries) throws EngineException {
        String id = controller
                .create(Optional.of(name), spec("busybox", List.of("sh"), restart(policy, retries, false), Map.of()))
                .id();
        controller.start(id);
        return id;
    }

    /** The task exits with {@code code}; returns once the controller handled the exit. */
    private void exit(String id, int code) throws Exception {
        CompletionStage<WaitResult> next = controller.await(id, WaitCondition.NEXT_EXIT);
        runtime.exit(id, code, true);
        assertThat(get(next).statusCode()).isEqualTo(code);
        controller.inspect(id); // waits for the exit's handling (the policy is applied after the waiters complete)
    }

    private ContainerState state(String id) throws EngineException {
        return controller.inspect(id).state();
    }

    private long starts(String id) {
        return runtime.calls().stream().filter(c -> c.equals("start " + id)).count();
    }

    @Test
    void onFailureRestartsAfterEachFailureUpToItsCountThenStaysExited() throws Exception {
        String id = run("flaky", "on-failure", 2);
        for (int restart = 1; restart <= 2; restart++) {
            exit(id, 3);
            assertThat(state(id).status()).isEqualTo(Status.RESTARTING);
            assertThat(state(id).pid()).isZero();
            assertThat(state(id).exitCode()).isEqualTo(3);
            assertThat(controller.inspect(id).restartCount()).isEqualTo(restart);
            assertThat(sandboxes.namespaces()).isEmpty(); // torn down at the exit, made again at the start
            assertThat(controller.list(false, new Filters(Map.of()), 0))
                    .extracting(ContainerView::id)
                    .contains(id);
            assertThat(scheduler.runAll()).isEqualTo(1);
            assertThat(state(id).status()).isEqualTo(Status.RUNNING);
            assertThat(sandboxes.namespaces()).containsExactly(id.substring(0, 12));
        }
        exit(id, 3);
        assertThat(state(id).status()).isEqualTo(Status.EXITED);
        assertThat(state(id).exitCode()).isEqualTo(3);
        assertThat(controller.inspect(id).restartCount()).isEqualTo(2);
        assertThat(scheduler.runAll()).isZero();
        assertThat(starts(id)).isEqualTo(3);
        // Each run "lasted" months here (the fake runtime's exit time is the real clock's), so no back-off.
        assertThat(scheduler.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @Test
    void onFailureLeavesASuccessAlone() throws Exception {
        String id = run("fine", "on-failure", 0);
        exit(id, 0);
        assertThat(state(id).status()).isEqualTo(Status.EXITED);
        assertThat(scheduler.runAll()).isZero();
    }

    @Test
    void aStartByTheUserResetsTheRestartCount() throws Exception {
        String id = run("flaky", "always", 0);
        exit(id, 0);
        scheduler.runAll();
        assertThat(controller.inspect(id).restartCount()).isEqualTo(1);
        controller.stop(id, Optional.empty());
        controller.start(id);
        assertThat(controller.inspect(id).restartCount()).isZero();
        assertThat(state(id).running()).isTrue();
    }

    @Test
    void stopEndsAnAlwaysContainerForGoodAndWinsOverAPendingRestart() throws Exception {
        String id = run("web", "always", 0);
        controller.stop(id, Optional.empty());
        assertThat(state(id).status()).isEqualTo(Status.EXITED);
        assertThat(scheduler.runAll()).isZero();

        controller.start(id);
        exit(id, 1);
        assertThat(state(id).status()).isEqualTo(Status.RESTARTING);
        CompletionStage<WaitResult> notRunning = controller.await(id, WaitCondition.NOT_RUNNING);
        assertThat(notRunning.toCompletableFuture()).isNotDone();
        controller.stop(id, Optional.empty());
        assertThat(get(notRunning).statusCode()).isEqualTo(1);
        assertThat(state(id).status()).isEqualTo(Status.EXITED);
        assertThat(scheduler.runAll()).isZero();
        assertThat(starts(id)).isEqualTo(2);
        assertThat(sandboxes.namespaces()).isEmpty();
    }

    @Test
    void aKillByTheUserIsNotRestarted() throws Exception {
        String id = run("web", "always", 0);
        CompletionStage<WaitResult> next = controller.await(id, WaitCondition.NEXT_EXIT);
        controller.kill(id, "SIGUSR1");
        assertThat(get(next).statusCode()).isEqualTo(128 + 10);
        assertThat(state(id).status()).isEqualTo(Status.EXITED);
        assertThat(scheduler.runAll()).isZero();
    }

    @Test
    void removalOfARestartingContainerNeedsForceAndCancelsTheRestart() throws Exception {
        String id = run("web", "unless-stopped", 0);
        exit(id, 0);
        assertThatThrownBy(() -> controller.remove(id, false))
                .hasMessage("cannot remove container \"/web\": container is restarting: stop the container before"
                        + " removing or force remove")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        assertThatThrownBy(() -> controller.start(id))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_MODIFIED);
        controller.remove(id, true);
        assertThat(scheduler.runAll()).isZero();
        assertThat(starts(id)).isEqualTo(1);
        assertThat(runtime.taskIds()).isEmpty();
    }

    @Test
    void aRestartThatFailsLeavesTheContainerExitedWithTheError() throws Exception {
        String id = run("web", "always", 0);
        exit(id, 2);
        sandboxes.failOn("createNamespace");
        scheduler.runAll();
        assertThat(state(id).status()).isEqualTo(Status.EXITED);
        assertThat(state(id).exitCode()).isEqualTo(2);
        assertThat(state(id).error()).isNotEmpty();
    }

    @Test
    void atTheEnginesStartAlwaysAndUnlessStoppedContainersAreStartedUnlessStoppedByTheUser() throws Exception {
        String always = run("always", "always", 0);
        String unless = run("unless", "unless-stopped", 0);
        String stoppedUnless = run("stopped", "unless-stopped", 0);
        String never = run("never", "no", 0);
        String failed = run("failed", "on-failure", 1);
        controller.stop(always, Optional.empty());
        controller.stop(stoppedUnless, Optional.empty());
        exit(never, 1);
        controller.close();
        runtime.exit(unless, 0, false); // exited while the engine was down
        runtime.exit(failed, 4, false);

        controller = newController();
        controller.restore();
        scheduler.runAll();
        scheduler.runAll();

        assertThat(state(always).running()).isTrue();
        assertThat(state(unless).running()).isTrue();
        assertThat(state(failed).running()).isTrue();
        assertThat(controller.inspect(failed).restartCount()).isEqualTo(1);
        assertThat(state(stoppedUnless).status()).isEqualTo(Status.EXITED);
        assertThat(state(never).status()).isEqualTo(Status.EXITED);
    }

    @Test
    void autoRemoveWithARestartPolicyIsRefused() {
        assertThatThrownBy(() -> controller.create(
                        Optional.of("xx"), spec("busybox", List.of("sh"), restart("always", 0, true), Map.of())))
                .hasMessage("can't create 'AutoRemove' container with restart policy")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }
}
