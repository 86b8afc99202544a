package io.shoal.driver.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.spi.DriverException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {
    private final List<String> undone = new ArrayList<>();

    @Test
    void undoesInReverseWhenNotCommitted() {
        assertThatThrownBy(() -> {
                    try (Rollback rollback = new Rollback()) {
                        rollback.onFailure("a", () -> undone.add("a"));
                        rollback.onFailure("b", () -> undone.add("b"));
                        throw new IllegalStateException("step c failed");
                    }
                })
                .hasMessage("step c failed");
        assertThat(undone).containsExactly("b", "a");
    }

    @Test
    void keepsEverythingWhenCommitted() {
        try (Rollback rollback = new Rollback()) {
            rollback.onFailure("a", () -> undone.add("a"));
            rollback.commit();
        }
        assertThat(undone).isEmpty();
    }

    @Test
    void anUndoThatFailsIsReportedAndTheRestStillRun() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (Rollback rollback = new Rollback()) {
                rollback.onFailure("a", () -> undone.add("a"));
                rollback.onFailure("delete veth x", () -> {
                    throw new IllegalStateException("EBUSY");
                });
                throw new IllegalArgumentException("original");
            }
        });
        assertThat(thrown).hasMessage("original");
        assertThat(undone).containsExactly("a");
        assertThat(thrown.getSuppressed()).hasSize(1);
        assertThat(thrown.getSuppressed()[0]).isInstanceOf(DriverException.class);
        assertThat(thrown.getSuppressed()[0].getSuppressed()[0]).hasMessageContaining("delete veth x failed");
    }

    @Test
    void teardownGoesOnAndReportsAll() {
        Teardown teardown = new Teardown("network web");
        teardown.step("firewall", () -> {
            throw new IllegalStateException("nft failed");
        });
        teardown.step("bridge", () -> undone.add("bridge"));
        teardown.step("sysctl", () -> {
            throw new IllegalStateException("EPERM");
        });
        assertThat(undone).containsExactly("bridge");
        assertThatThrownBy(teardown::finish)
                .hasMessageContaining("removing network web left 2 problem(s); first: firewall: nft failed")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }
}
