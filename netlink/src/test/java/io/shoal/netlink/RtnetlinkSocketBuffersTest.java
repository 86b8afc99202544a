package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.netlink.wire.Rtnetlink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
class RtnetlinkSocketBuffersTest {
    @Test
    void aSocketHoldsBuffersOnlyFromBeginToTheEndOfItsRequest(NetworkNamespace existing) throws Exception {
        List<SocketBuffers.Pair> pairs = existing.callInside(() -> {
            try (RtnetlinkSocket first = RtnetlinkSocket.open();
                    RtnetlinkSocket second = RtnetlinkSocket.open()) {
                SocketBuffers.Pair idle = first.buffers();
                LinkMessages.writeGet(first.begin(Rtnetlink.RTM_GETLINK, 0), 0, "lo");
                SocketBuffers.Pair begun = first.buffers();
                first.get("RTM_GETLINK", "link lo", LinkMessages::decode);
                SocketBuffers.Pair ended = first.buffers();
                LinkMessages.writeGet(second.begin(Rtnetlink.RTM_GETLINK, 0), 0, "lo");
                SocketBuffers.Pair next = second.buffers();
                second.get("RTM_GETLINK", "link lo", LinkMessages::decode);
                return Arrays.asList(idle, begun, ended, next);
            }
        });
        assertThat(pairs.get(0)).isNull();
        assertThat(pairs.get(1)).isNotNull();
        assertThat(pairs.get(2)).isNull();
        assertThat(pairs.get(3)).isSameAs(pairs.get(1)); // the ended request's pair serves the next one
    }

    @Test
    void aFailedRequestGivesItsBuffersBackAndASocketRefusesToSendUnbegun(NetworkNamespace existing) throws Exception {
        existing.runInside(() -> {
            try (RtnetlinkSocket socket = RtnetlinkSocket.open()) {
                LinkMessages.writeGet(socket.begin(Rtnetlink.RTM_GETLINK, 0), 0, "nosuchlink0");
                assertThatThrownBy(() -> socket.get("RTM_GETLINK", "link nosuchlink0", LinkMessages::decode))
                        .isInstanceOf(KernelException.class);
                assertThat(socket.buffers()).isNull();
                assertThatThrownBy(() -> socket.execute("RTM_GETLINK", "link lo"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("no rtnetlink request begun");
            }
        });
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
