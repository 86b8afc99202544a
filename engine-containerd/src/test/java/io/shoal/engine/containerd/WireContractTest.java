package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.shoal.engine.containerd.proto.events.Envelope;
import io.shoal.engine.containerd.proto.events.TaskExit;
import io.shoal.engine.containerd.proto.runc.Options;
import io.shoal.engine.containerd.proto.tasks.CreateTaskRequest;
import io.shoal.engine.containerd.proto.tasks.KillRequest;
import io.shoal.engine.containerd.proto.tasks.TasksGrpc;
import io.shoal.engine.containerd.proto.types.Mount;
import io.shoal.engine.containerd.proto.types.Process;
import io.shoal.engine.containerd.proto.types.Status;
import io.shoal.engine.runtime.ExitStatus;
import io.shoal.engine.runtime.Rootfs;
import io.shoal.engine.runtime.TaskState;
import io.shoal.engine.runtime.TaskStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Shoal's .proto files against containerd 1.6's wire contract: bytes written by hand from the field numbers
 * (protobuf encoding: tag = field number << 3 | wire type) must equal what the generated code writes and reads.
 */
@Tag("unit")
class WireContractTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void killRequestFieldNumbers() {
        KillRequest kill = KillRequest.newBuilder()
                .setContainerId("a")
                .setExecId("e")
                .setSignal(9)
                .setAll(true)
                .build();
        // 1: "a", 2: "e", 3: varint 9, 4: varint 1
        assertThat(HEX.formatHex(kill.toByteArray())).isEqualTo("0a0161" + "120165" + "1809" + "2001");
    }

    @Test
    void createTaskRequestCarriesRootfsMountsInFieldThree() {
        CreateTaskRequest request = CreateTaskRequest.newBuilder()
                .setContainerId("c")
                .addRootfs(Mount.newBuilder().setType("overlay").setSource("o"))
                .setStdout("/p")
                .build();
        // 1: "c"; 3: Mount{1: "overlay", 2: "o"}; 5: "/p"
        assertThat(HEX.formatHex(request.toByteArray()))
                .isEqualTo("0a0163" + "1a0c" + "0a076f7665726c6179" + "12016f" + "2a022f70");
    }

    @Test
    void taskExitIsReadFromItsFieldNumbers() throws Exception {
        // 1: "c", 2: "c", 3: pid 42, 4: exit 3, 5: Timestamp{1: 100}
        byte[] wire = HEX.parseHex("0a0163" + "120163" + "182a" + "2003" + "2a020864");
        Envelope envelope = Envelope.newBuilder()
                .setNamespace("shoal")
                .setTopic("/tasks/exit")
                .setEvent(Any.newBuilder()
                        .setTypeUrl("containerd.events.TaskExit")
                        .setValue(ByteString.copyFrom(wire)))
                .build();
        io.shoal.engine.runtime.TaskExit exit =
                ExitSubscription.decode(envelope).orElseThrow();
        assertThat(exit.containerId()).isEqualTo("c");
        assertThat(exit.isInit()).isTrue();
        assertThat(exit.pid()).isEqualTo(42);
        assertThat(exit.status()).isEqualTo(new ExitStatus(3, Instant.ofEpochSecond(100)));
        assertThat(TaskExit.parseFrom(wire).getExitStatus()).isEqualTo(3);
    }

    @Test
    void otherEventPayloadsAreNotExits() throws Exception {
        Envelope start = Envelope.newBuilder()
                .setEvent(Any.newBuilder().setTypeUrl("containerd.events.TaskStart"))
                .build();
        assertThat(ExitSubscription.decode(start)).isEmpty();
    }

    @Test
    void runcOptionsRootIsFieldSeven() {
        assertThat(HEX.formatHex(Options.newBuilder().setRoot("/r").build().toByteArray()))
                .isEqualTo("3a022f72");
    }

    @Test
    void methodNamesAreContainerds() {
        assertThat(TasksGrpc.getCreateMethod().getFullMethodName())
                .isEqualTo("containerd.services.tasks.v1.Tasks/Create");
        assertThat(TasksGrpc.getWaitMethod().getFullMethodName()).isEqualTo("containerd.services.tasks.v1.Tasks/Wait");
        assertThat(io.shoal.engine.containerd.proto.events.EventsGrpc.getSubscribeMethod()
                        .getFullMethodName())
                .isEqualTo("containerd.services.events.v1.Events/Subscribe");
    }

    @Test
    void anInitProcessIsNamedByItsIdAndCarriesItsExitOnlyWhenStopped() {
        Process stopped = Process.newBuilder()
                .setId("web")
                .setPid(7)
                .setStatus(Status.STOPPED)
                .setExitStatus(137)
                .setExitedAt(Timestamp.newBuilder().setSeconds(5))
                .build();
        assertThat(ContainerdRuntime.taskState(stopped))
                .isEqualTo(new TaskState(
                        "web", 7, TaskStatus.STOPPED, Optional.of(new ExitStatus(137, Instant.ofEpochSecond(5)))));
        Process running = stopped.toBuilder().setStatus(Status.RUNNING).build();
        assertThat(ContainerdRuntime.taskState(running).exit()).isEmpty();
        assertThat(ContainerdRuntime.statusOf(Status.PAUSING)).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(ContainerdRuntime.statusOf(Status.CREATED)).isEqualTo(TaskStatus.CREATED);
    }

    @Test
    void anOverlayBecomesOneRootfsMountTheShimPerforms() {
        Rootfs overlay = new Rootfs.Overlay(List.of(Path.of("/l1"), Path.of("/l2")), Path.of("/u"), Path.of("/w"));
        assertThat(ContainerdRuntime.rootfsMount(overlay))
                .contains(Mount.newBuilder()
                        .setType("overlay")
                        .setSource("overlay")
                        .addOptions("workdir=/w")
                        .addOptions("upperdir=/u")
                        .addOptions("lowerdir=/l1:/l2")
                        .build());
        assertThat(ContainerdRuntime.rootfsMount(new Rootfs.Directory(Path.of("/r"))))
                .isEmpty();
    }
}
