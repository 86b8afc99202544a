package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void sumsUserAndSystemTicksAfterTheCommandName() {
        // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 123 45 0 0 20 0 30 0 5000";

        assertThat(ProcessCpu.parse(stat)).contains(1680L);
    }

    @Test
    void nothingFromATruncatedOrForeignText() {
        assertThat(ProcessCpu.parse("4242 (java) S 1 2")).isEqualTo(Optional.empty());
        assertThat(ProcessCpu.parse("no parenthesis")).isEqualTo(Optional.empty());
        assertThat(ProcessCpu.parse("1 (a) S 1 1 1 0 -1 0 0 0 0 0 x 1 0")).isEqualTo(Optional.empty());
    }

    @Test
    void readsThisProcess() {
        assertThat(ProcessCpu.millis()).hasValueSatisfying(ms -> assertThat(ms).isNotNegative());
    }
}
