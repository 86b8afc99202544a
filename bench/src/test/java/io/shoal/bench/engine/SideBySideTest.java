package io.shoal.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SideBySideTest {
    @Test
    void aResultLineRoundTrips() {
        Result latency = Result.latency("docker", "network create", 70.5, 91.25);
        Result rate = new Result("shoald", "DNS queries per second", 120000, Optional.empty(), "qps");
        assertThat(Result.parse(latency.toLine())).isEqualTo(latency);
        assertThat(Result.parse(rate.toLine())).isEqualTo(rate);
        assertThat(rate.toLine()).isEqualTo("shoald\tDNS queries per second\t120000.000\t-\tqps");
    }

    @Test
    void aMalformedLineIsRefusedWithTheLine() {
        assertThatThrownBy(() -> Result.parse("docker\tx\t1")).hasMessageContaining("docker\tx\t1");
        assertThatThrownBy(() -> Result.parse("docker\tx\tfast\t-\tms")).hasMessageContaining("not a number");
    }

    @Test
    void twoEnginesGetAColumnEachAndTheRatioOfTheirValues() {
        String table = SideBySide.render(List.of(
                Result.latency("docker", "network create", 70, 90),
                Result.latency("docker", "network rm", 175, 200),
                Result.latency("shoald", "network create", 3.5, 4.25),
                new Result("shoald", "DNS qps", 120000, Optional.empty(), "qps")));

        assertThat(table.lines().toList())
                .containsExactly(
                        "| metric              | docker    | shoald      | docker / shoald |",
                        "| ------------------- | --------- | ----------- | --------------- |",
                        "| network create (ms) | 70 / 90   | 3.50 / 4.25 | 20.00           |",
                        "| network rm (ms)     | 175 / 200 | —           | —               |",
                        "| DNS qps (qps)       | —         | 120,000     | —               |");
    }
}
