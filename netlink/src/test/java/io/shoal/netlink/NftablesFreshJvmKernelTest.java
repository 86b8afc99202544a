package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.netlink.testing.NetnsExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * libnftables used for the first time in a fresh JVM ({@link NftablesFirstUse}). The context's thread empties its
 * descriptor table ({@link NftablesThread}), after which it cannot read a class from a jar or the JDK's image: the
 * descriptors the class loaders read through are not in its table. A class first needed there once killed shoald
 * with SIGSEGV and no error report (jnr-ffi's pointer class for nft_ctx_new's result: the class loader read garbage,
 * the JVM recursed on ClassFormatError until its stack ran out). This JVM has long loaded those classes, hence the
 * fresh one.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class NftablesFreshJvmKernelTest {
    @Test
    void theFirstContextOfAJvmAppliesListsAndReportsARefusal(NetworkNamespace a) throws Exception {
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        NftablesFirstUse.class.getName(),
                        a.path().toString()))
                .redirectErrorStream(true)
                .start();
        String output = read(process);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the JVM ends").isTrue();
        assertThat(process.exitValue()).as("exit status; output:%n%s", output).isZero();
        assertThat(output.lines())
                .containsExactly("context made", "applied", "listed chain c", "refused: names the table", "removed");
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
