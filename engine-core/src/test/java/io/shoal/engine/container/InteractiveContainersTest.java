package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.get;
import static io.shoal.engine.container.TestSupport.host;
import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.container.TestSupport.RecordingSink;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.runtime.FakeContainerRuntime;
import io.shoal.engine.runtime.Stdio;
import io.shoal.engine.runtime.oci.OciProcess;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interactive containers over the fake runtime: stdin (OpenStdin, StdinOnce), terminals, resize, exec -i/-t. */
@Tag("unit")
class InteractiveContainersTest {
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

    /** A spec as {@code docker run} sends it: {@code -i} is OpenStdin, AttachStdin, StdinOnce; {@code -t} Tty. */
    private static ContainerSpec interactive(List<String> cmd, boolean stdin, boolean tty) {
        ContainerSpec plain = spec(cmd);
        return new ContainerSpec(
                plain.image(),
                plain.cmd(),
                plain.entrypoint(),
                plain.env(),
                plain.labels(),
                plain.hostname(),
                plain.domainname(),
                plain.user(),
                plain.workingDir(),
                tty,
                stdin,
                true,
                true,
                plain.exposedPorts(),
                plain.stopSignal(),
                plain.stopTimeoutSeconds(),
                host("default"),
                Map.of(),
                stdin,
                stdin);
    }

    private static InputStream client(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a stream to its end on another thread, so that a missing EOF fails the test instead of hanging it. */
    private static String readToEnd(InputStream in) throws Exception {
        CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return get(text);
    }

    @Test
    void runDashIGivesTheTaskWhatWasSentBeforeTheStartThenEof() throws Exception {
        String id = controller
                .create(Optional.of("cat"), interactive(List.of("cat"), true, false))
                .id();
        RecordingSink sink = new RecordingSink();
        controller.attach(id, true, true, Optional.of(client("hi\n")), "", sink);
        controller.start(id);

        Stdio stdio = runtime.stdioOf(id);
        assertThat(stdio.terminal()).isFalse();
        assertThat(stdio.stdin()).isPresent();
        assertThat(readToEnd(stdio.stdin().get())).isEqualTo("hi\n");
        assertThat(sink.ends).isZero(); // output goes on until the exit
        ContainerView view = controller.inspect(id);
        assertThat(view.spec().openStdin()).isTrue();
        assertThat(view.spec().stdinOnce()).isTrue();
        assertThat(view.spec().attachStdin()).isTrue();
    }

    @Test
    void aContainerWithoutOpenStdinReadsNothingAndIgnoresAnAttachedStdin() throws Exception {
        String id =
                controller.create(Optional.of("plain"), spec(List.of("cat"))).id();
        controller.attach(id, true, true, Optional.of(client("dropped\n")), "", new RecordingSink());
        controller.start(id);
        assertThat(runtime.stdioOf(id).stdin()).isEmpty();
        assertThat(runtime.stdioOf(id).terminal()).isFalse();
    }

    @Test
    void aTerminalContainerGetsATtyAndIsResizedWhileItRuns() throws Exception {
        String id = controller
                .create(Optional.of("term"), interactive(List.of("sh"), true, true))
                .id();
        assertThatThrownBy(() -> controller.resize(id, 40, 100))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        controller.start(id);

        assertThat(runtime.stdioOf(id).terminal()).isTrue();
        OciProcess process = runtime.containers().get(id).spec().process();
        assertThat(process.terminal()).isTrue();
        assertThat(process.env()).contains("TERM=xterm");
        controller.resize(id, 40, 100);
        assertThat(runtime.calls()).contains("resizePty " + id + " 100x40");

        // With a TTY the client's end does not close stdin: that attach ends, the container's stdin stays open.
        RecordingSink sink = new RecordingSink();
        controller.attach(id, true, true, Optional.of(client("ls\n")), "", sink);
        get(sink.ended);
        assertThat(runtime.stdioOf(id).stdin().get().available()).isEqualTo(3);
    }

    @Test
    void aContainerWithoutATerminalIsNotResized() throws Exception {
        String id =
                controller.create(Optional.of("plain"), spec(List.of("sleep"))).id();
        controller.start(id);
        controller.resize(id, 40, 100);
        assertThat(runtime.calls()).noneMatch(call -> call.startsWith("resizePty"));
        // Detach keys matter only with a TTY: bad ones are not even looked at.
        controller
                .attach(id, true, true, Optional.empty(), "ctrl-1", new RecordingSink())
                .close();
    }

    @Test
    void badDetachKeysAreRefusedForATerminalContainer() throws Exception {
        String id = controller
                .create(Optional.of("term"), interactive(List.of("sh"), true, true))
                .id();
        assertThatThrownBy(() -> controller.attach(id, true, true, Optional.empty(), "ctrl-1", new RecordingSink()))
                .hasMessage("Invalid detach keys (ctrl-1) provided")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void execDashIFeedsItsStdinAndExecDashTGetsATerminal() throws Exception {
        runtime.onExec("cat", new FakeContainerRuntime.ExecScript("", "", 0, true));
        runtime.onExec("tty", new FakeContainerRuntime.ExecScript("/dev/pts/0\n", "", 0));
        String id =
                controller.create(Optional.of("box"), spec(List.of("sleep"))).id();
        controller.start(id);

        String execId = controller.createExec(
                id, new ExecSpec(List.of("cat"), List.of(), "", "", true, true, true, false, List.of()));
        RecordingSink sink = new RecordingSink();
        controller.startExec(execId, Optional.of(sink), Optional.of(client("via exec\n")));
        get(sink.ended);
        assertThat(sink.text()).isEqualTo("out:via exec\n");
        assertThat(controller.inspectExec(execId).exitCode()).hasValue(0);
        assertThat(runtime.execStdioOf("cat").get().terminal()).isFalse();

        String ttyExec = controller.createExec(
                id, new ExecSpec(List.of("tty"), List.of(), "", "", true, true, false, true, List.of(33, 77)));
        RecordingSink ttySink = new RecordingSink();
        controller.startExec(ttyExec, Optional.of(ttySink), Optional.empty());
        get(ttySink.ended);
        assertThat(ttySink.text()).isEqualTo("out:/dev/pts/0\n");
        assertThat(runtime.execStdioOf("tty").get().terminal()).isTrue();
        assertThat(runtime.execStdioOf("tty").get().stdin()).isEmpty();
        assertThatThrownBy(() -> controller.resizeExec(ttyExec, 40, 100))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        assertThat(ExecProcesses.consoleSize(true, List.of(33, 77))).contains(new OciProcess.ConsoleSize(33, 77));
        assertThat(ExecProcesses.consoleSize(false, List.of(33, 77))).isEmpty();
    }
}
