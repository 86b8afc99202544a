package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.get;
import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.container.TestSupport.RecordingSink;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import io.shoal.engine.runtime.FakeContainerRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command the runtime cannot start, in {@code docker run} and {@code docker exec}, as Docker reports it. */
@Tag("unit")
class StartFailuresTest {
    /** What containerd 1.6 + runc 1.1 answer for an exec of a missing command (seen against the real daemons). */
    static final String EXEC_NOT_FOUND = "OCI runtime exec failed: exec failed: unable to start container process:"
            + " exec: \"nosuch\": executable file not found in $PATH: unknown";

    static final String CREATE_NOT_FOUND = "failed to create shim task: OCI runtime create failed: runc create failed:"
            + " unable to start container process: exec: \"nosuch\": executable file not found in $PATH: unknown";
    static final String CREATE_DENIED = "failed to create shim task: OCI runtime create failed: runc create failed:"
            + " unable to start container process: exec: \"/etc/passwd\": permission denied: unknown";

    @TempDir
    Path root;

    private ControllerWorld world;
    private FakeContainerRuntime runtime;
    private ContainerController controller;

    @BeforeEach
    void setUp() throws Exception {
        world = ControllerWorld.start(root);
        runtime = world.runtime;
        controller = world.controller;
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void exitCodesFollowDockersReadingOfTheRuntimesText() {
        assertThat(StartFailures.exitCode("nosuch", EXEC_NOT_FOUND)).hasValue(127);
        assertThat(StartFailures.exitCode("nosuch", CREATE_NOT_FOUND)).hasValue(127);
        assertThat(StartFailures.exitCode("/etc/passwd", CREATE_DENIED)).hasValue(126);
        assertThat(StartFailures.exitCode("/bin/x", "exec: \"/bin/x\": stat /bin/x: no such file or directory"))
                .hasValue(127);
        // The missing file is not the command (a mount source, say): not the command's fault.
        assertThat(StartFailures.exitCode("sh", "open /x/y: no such file or directory"))
                .isEmpty();
        assertThat(StartFailures.exitCode("sh", "ttrpc: closed: unknown")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void anExecOfAMissingCommandPrintsTheRuntimesTextAndExits127() throws Exception {
        String id =
                controller.create(Optional.of("web"), spec(List.of("sleep"))).id();
        controller.start(id);
        runtime.failOn("exec", Kind.INTERNAL, EXEC_NOT_FOUND);
        String execId = controller.createExec(id, new ExecSpec(List.of("nosuch"), List.of(), "", "", true, true));
        RecordingSink sink = new RecordingSink();
        controller.startExec(execId, Optional.of(sink));
        get(sink.ended);

        assertThat(sink.chunks()).containsExactly("out:" + EXEC_NOT_FOUND + "\r\n");
        assertThat(controller.inspectExec(execId).exitCode()).hasValue(127);
    }

    @Test
    void anExecTheRuntimeRefusesForAnotherReasonExits126() throws Exception {
        String id =
                controller.create(Optional.of("web"), spec(List.of("sleep"))).id();
        controller.start(id);
        runtime.failOn("exec", Kind.INTERNAL, "ttrpc: closed: unknown");
        String execId = controller.createExec(id, new ExecSpec(List.of("ls"), List.of(), "", "", true, true));
        RecordingSink sink = new RecordingSink();
        controller.startExec(execId, Optional.of(sink));
        get(sink.ended);
        assertThat(controller.inspectExec(execId).exitCode()).hasValue(126);
    }

    @Test
    void aRunOfAMissingCommandIsTheRequestsFaultAndLeavesTheContainerCreatedWithExitCode127() throws Exception {
        String id =
                controller.create(Optional.of("web"), spec(List.of("nosuch"))).id();
        runtime.failOn("createTask", Kind.INTERNAL, CREATE_NOT_FOUND);

        assertThatThrownBy(() -> controller.start(id))
                .hasMessage(CREATE_NOT_FOUND)
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        ContainerState state = controller.inspect(id).state();
        assertThat(state.status()).isEqualTo(ContainerState.Status.CREATED);
        assertThat(state.exitCode()).isEqualTo(127);
        assertThat(state.error()).isEqualTo(CREATE_NOT_FOUND);
    }

    @Test
    void anyOtherFailedStartLeavesExitCode128() throws Exception {
        String id = controller.create(Optional.of("web"), spec(List.of("sh"))).id();
        runtime.failOn("start", Kind.INTERNAL, "ttrpc: closed: unknown");

        assertThatThrownBy(() -> controller.start(id))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INTERNAL);
        assertThat(controller.inspect(id).state().exitCode()).isEqualTo(128);
    }
}
