package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RuncVersionTest {
    @Test
    void versionAndCommitComeFromTheirLines() {
        String debian = "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8\n";
        assertThat(RuncVersion.parse(debian)).isEqualTo(new RuncVersion("1.1.5+ds1", "1.1.5+ds1-1+deb12u1"));
        assertThat(RuncVersion.parse("runc version 1.2.0\n")).isEqualTo(new RuncVersion("1.2.0", ""));
        assertThat(RuncVersion.parse("garbage")).isEqualTo(new RuncVersion("", ""));
    }

    @Test
    void aBinaryThatCannotRunGivesNothing() {
        assertThat(RuncVersion.of("/nonexistent/runc")).isEmpty();
    }
}
