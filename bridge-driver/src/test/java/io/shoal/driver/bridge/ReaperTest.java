package io.shoal.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The reaper's ordering and its wait for a quiet moment. Quiet periods and the longest delay are an hour here, so an
 * item can only have run because something ended its wait ({@link Reaper#await}, {@link Reaper#flush}); nothing
 * depends on how fast the machine is.
 */
class ReaperTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final List<String> done = new CopyOnWriteArrayList<>();

    @Test
    void awaitEndsTheWaitForAQuietMomentAndRunsEverythingInOrder() {
        Reaper<String> reaper = new Reaper<>("test-reaper", done::add, ActivityClock.quietAfter(HOUR), HOUR);
        reaper.submit("bridge-a");
        reaper.submit("veth-b");

        reaper.await(GENEROUS);

        assertThat(done).containsExactly("bridge-a", "veth-b");
    }

    @Test
    void itemsSubmittedAfterAFlushWaitAgain() {
        ActivityClock activity = ActivityClock.quietAfter(HOUR);
        Reaper<String> reaper = new Reaper<>("test-reaper", done::add, activity, HOUR);
        reaper.submit("first");
        reaper.await(GENEROUS);
        reaper.submit("second");

        // the second item waits for an hour of quiet: a short await gives up and says so
        assertThatThrownBy(() -> reaper.awaitWithoutFlush(Duration.ofMillis(200)))
                .isInstanceOfSatisfying(
                        DriverException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(done).containsExactly("first");

        reaper.flush();
        reaper.await(GENEROUS);
        assertThat(done).containsExactly("first", "second");
    }

    @Test
    void withoutActivityAnItemRunsOnceTheQuietPeriodHasPassed() {
        Reaper<String> reaper = new Reaper<>("test-reaper", done::add, ActivityClock.quietAfter(Duration.ZERO), HOUR);
        reaper.submit("veth-c");

        reaper.awaitWithoutFlush(GENEROUS);

        assertThat(done).containsExactly("veth-c");
    }

    @Test
    void aFailureIsReportedOnceByTheNextAwait() {
        Reaper<String> reaper = new Reaper<>(
                "test-reaper",
                item -> {
                    throw DriverException.internal("link " + item + " busy", null);
                },
                ActivityClock.quietAfter(HOUR),
                HOUR);
        reaper.submit("br-x");

        assertThatThrownBy(() -> reaper.await(GENEROUS)).hasMessageContaining("link br-x busy");
        reaper.await(GENEROUS);
    }
}
