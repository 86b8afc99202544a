package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class GrpcErrorsTest {
    /** containerd errdefs as gRPC codes (numbers as on the wire) and the kinds they become. */
    @ParameterizedTest
    @CsvSource({
        "5, NOT_FOUND",
        "6, ALREADY_EXISTS",
        "3, INVALID_ARGUMENT",
        "9, FAILED_PRECONDITION",
        "14, UNAVAILABLE",
        "4, DEADLINE_EXCEEDED",
        "12, NOT_IMPLEMENTED",
        "2, INTERNAL",
        "13, INTERNAL",
        "1, INTERNAL"
    })
    void containerdCodesBecomeKinds(int code, Kind kind) {
        assertThat(GrpcErrors.kindOf(Status.fromCodeValue(code).getCode())).isEqualTo(kind);
    }

    @Test
    void aDeadlineThatPassedInsideContainerdIsADeadlineNotAnInternalError() {
        ContainerRuntimeException e = GrpcErrors.of(
                "wait",
                "web1",
                Status.UNKNOWN
                        .withDescription("context deadline exceeded: unknown")
                        .asRuntimeException());
        assertThat(e.kind()).isEqualTo(Kind.DEADLINE_EXCEEDED);
        assertThat(GrpcErrors.of(
                                "wait",
                                "web1",
                                Status.UNKNOWN.withDescription("boom").asRuntimeException())
                        .kind())
                .isEqualTo(Kind.INTERNAL);
    }

    @Test
    void theExceptionNamesOperationObjectAndTheServersText() {
        ContainerRuntimeException e = GrpcErrors.of(
                "delete task",
                "web1",
                Status.FAILED_PRECONDITION
                        .withDescription("cannot delete a running process")
                        .asRuntimeException());
        assertThat(e.kind()).isEqualTo(Kind.FAILED_PRECONDITION);
        assertThat(e.operation()).isEqualTo("delete task");
        assertThat(e.object()).isEqualTo("web1");
        assertThat(e.getMessage())
                .isEqualTo(
                        "delete task web1: FAILED_PRECONDITION: FAILED_PRECONDITION (cannot delete a running process)");
        assertThat(e.getCause()).isInstanceOf(io.grpc.StatusRuntimeException.class);
    }

    @Test
    void anUnreachableContainerdSaysSoAndThatItIsBeingReconnected() {
        ContainerRuntimeException e = GrpcErrors.of(
                "create container",
                "web1",
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage())
                .isEqualTo("create container web1: UNAVAILABLE: containerd is unavailable and being reconnected;"
                        + " retry shortly: UNAVAILABLE (io exception)");
    }
}
