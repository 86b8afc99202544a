package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.testing.NetnsExtension;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * libnftables waits on its socket with select(2); with every descriptor below FD_SETSIZE (1024) taken, a context
 * made on an ordinary thread gets a socket of 1024 or more and glibc aborts the JVM at the first command. These tests
 * take more than 1100 descriptors first, as shoald does with ~115 containers.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class NftablesHighDescriptorKernelTest {
    private static final int HELD = 1100;
    private static final int FD_SETSIZE = 1024;

    private final List<FileChannel> held = new ArrayList<>();

    @BeforeEach
    void takeEveryLowDescriptor() throws IOException {
        long softLimit = softDescriptorLimit();
        Assumptions.assumeTrue(
                softLimit > HELD + 200L,
                "RLIMIT_NOFILE soft limit " + softLimit + " is too low to hold " + HELD + " descriptors");
        for (int i = 0; i < HELD; i++) {
            held.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
        }
        assertThat(openDescriptors()).as("descriptors open in this JVM").isGreaterThan(FD_SETSIZE + 50L);
    }

    @AfterEach
    void release() throws IOException {
        for (FileChannel channel : held) {
            channel.close();
        }
    }

    @Test
    void contextsMadeWithOverATableOfDescriptorsOpenApplyAndList(NetworkNamespace a) throws Exception {
        for (int round = 0; round < 3; round++) {
            try (Nftables nft = Nftables.in(a)) {
                nft.apply("add table inet shoaltest\nadd chain inet shoaltest c" + round
                        + " { type filter hook input priority 0; }\n");
                assertThat(nft.list("list table inet shoaltest")).contains("chain c" + round);
            }
        }
    }

    @Test
    void aRefusedScriptStillComesBackAsAnExceptionNotAnAbort(NetworkNamespace a) throws Exception {
        try (Nftables nft = Nftables.in(a)) {
            assertThatThrownBy(() -> nft.apply("add rule inet missing c drop\n"))
                    .isInstanceOf(NftablesException.class)
                    .hasMessageContaining("missing");
        }
    }

    @Test
    void theContextHoldsNoneOfTheProcesssDescriptors(NetworkNamespace a) throws Exception {
        long before = openDescriptors();
        try (Nftables nft = Nftables.in(a)) {
            nft.apply("table inet shoaltest { }\n");
            // The socket lives in the context thread's own table, so the process's table is unchanged.
            assertThat(openDescriptors()).isEqualTo(before);
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The "Max open files" soft value of /proc/self/limits. */
    private static long softDescriptorLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String values = line.substring("Max open files".length()).trim();
                String soft = values.substring(0, values.indexOf(' '));
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IOException("no Max open files in /proc/self/limits");
    }
}
