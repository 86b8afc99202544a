package io.shoal.engine.undo;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class UndoTest {
    private final RecordingLogger log = new RecordingLogger();
    private final Undo undo = new Undo(log);
    private final List<String> ran = new ArrayList<>();

    @Test
    void rollBackRunsTheStepsNewestFirstAndReturnsTheSameFailure() {
        undo.onFailure("first", () -> ran.add("first"));
        undo.onFailure("second", () -> ran.add("second"));
        undo.onFailure("third", () -> ran.add("third"));
        EngineException failure = new EngineException(ErrorKind.INTERNAL, "the operation failed");

        assertThat(undo.rollBack(failure)).isSameAs(failure);

        assertThat(ran).containsExactly("third", "second", "first");
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(log.records).isEmpty();
    }

    @Test
    void aFailingStepIsSuppressedInTheFailureAndLoggedAndTheOthersStillRun() {
        EngineException detach = new EngineException(ErrorKind.UNAVAILABLE, "store busy");
        undo.onFailure("delete namespace web", () -> ran.add("delete namespace web"));
        undo.onFailure("detach web from blue", () -> {
            throw detach;
        });
        undo.onFailure("stop the resolver of web", () -> ran.add("stop the resolver of web"));
        RuntimeException failure = new IllegalArgumentException("start failed");

        undo.rollBack(failure);

        assertThat(ran).containsExactly("stop the resolver of web", "delete namespace web");
        assertThat(failure.getSuppressed()).singleElement().satisfies(suppressed -> {
            assertThat(suppressed).isInstanceOf(IllegalStateException.class).hasCause(detach);
            assertThat(suppressed.getMessage()).isEqualTo("undo failed: detach web from blue: " + detach);
        });
        assertThat(log.records).singleElement().satisfies(record -> {
            assertThat(record.level()).isEqualTo(System.Logger.Level.WARNING);
            assertThat(record.message()).contains("undo failed: detach web from blue", "start failed");
            assertThat(record.thrown()).isSameAs(detach);
        });
    }

    @Test
    void everyFailingStepIsReportedOnceEach() {
        undo.onFailure("release pool 1", () -> {
            throw new IllegalStateException("pool 1 busy");
        });
        undo.onFailure("release pool 2", () -> {
            throw new java.io.IOException("pool 2 gone");
        });
        EngineException failure = new EngineException(ErrorKind.INTERNAL, "create failed");

        undo.rollBack(failure);

        assertThat(failure.getSuppressed())
                .extracting(Throwable::getMessage)
                .containsExactly(
                        "undo failed: release pool 2: java.io.IOException: pool 2 gone",
                        "undo failed: release pool 1: java.lang.IllegalStateException: pool 1 busy");
        assertThat(log.records)
                .extracting(LogRecord::message)
                .allSatisfy(message -> assertThat(message).contains("create failed"))
                .hasSize(2);
    }

    @Test
    void aRolledBackUndoHasNoStepsLeft() {
        undo.onFailure("once", () -> ran.add("once"));
        undo.rollBack(new IllegalStateException("first failure"));
        undo.rollBack(new IllegalStateException("second failure"));

        assertThat(ran).containsExactly("once");
    }

    @Test
    void anInterruptedStepKeepsTheThreadInterrupted() {
        undo.onFailure("wait for the reaper", () -> {
            throw new InterruptedException("interrupted");
        });
        try {
            undo.rollBack(new IllegalStateException("failure"));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private record LogRecord(System.Logger.Level level, String message, Throwable thrown) {}

    /** A System.Logger that keeps what it is given. */
    private static final class RecordingLogger implements System.Logger {
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            records.add(new LogRecord(level, msg, thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            records.add(new LogRecord(level, format, null));
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
            records.add(new LogRecord(level, msgSupplier.get(), thrown));
        }
    }
}
