package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.testing.NetnsExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
class RtnetlinkSocketBuffersTest {
    @Test
    void aClosedSocketsBuffersServeTheNextSocket(NetworkNamespace existing) throws Exception {
        List<SocketBuffers.Pair> pairs = existing.callInside(() -> {
            RtnetlinkSocket first = RtnetlinkSocket.open();
            SocketBuffers.Pair given = first.buffers();
            first.close();
            first.close(); // idempotent: the pair must not be given back twice
            try (RtnetlinkSocket second = RtnetlinkSocket.open();
                    RtnetlinkSocket third = RtnetlinkSocket.open()) {
                return List.of(given, second.buffers(), third.buffers());
            }
        });
        assertThat(pairs.get(1)).isSameAs(pairs.get(0));
        assertThat(pairs.get(2)).isNotSameAs(pairs.get(0));
    }

    @Test
    void requestsWorkOverReusedBuffersAndAClosedSocketRefusesThem(NetworkNamespace existing) throws Exception {
        List<List<String>> rounds = existing.callInside(() -> {
            try (NetlinkHandle handle = NetlinkHandle.open()) {
                handle.linkAdd(LinkSpec.Bridge.named("pool0"));
            }
            // Each handle's socket takes the pair the one before gave back: every one must read the same links.
            List<List<String>> names = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                try (NetlinkHandle handle = NetlinkHandle.open()) {
                    names.add(handle.linkList().stream().map(Link::name).toList());
                }
            }
            return names;
        });
        assertThat(rounds).hasSize(3).allSatisfy(names -> assertThat(names).contains("lo", "pool0"));

        NetlinkHandle closed = NetlinkHandle.openIn(existing);
        closed.close();
        assertThatThrownBy(() -> closed.linkFind("pool0")).isInstanceOf(IllegalStateException.class);
    }
}
