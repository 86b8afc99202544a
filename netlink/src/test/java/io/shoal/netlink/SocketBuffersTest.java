package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SocketBuffersTest {
    @Test
    void anEmptyPoolMakesADirectNativeOrderPair() {
        SocketBuffers pool = new SocketBuffers(2);
        SocketBuffers.Pair pair = pool.take();
        assertThat(pair.receive().isDirect()).isTrue();
        assertThat(pair.receive().order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(pair.receive().capacity()).isEqualTo(SocketBuffers.RECEIVE_BUFFER_SIZE);
        assertThat(pair.writer().begin(16, 0, 1).finish().isDirect()).isTrue();
        assertThat(pool.take()).isNotSameAs(pair);
    }

    @Test
    void aGivenPairIsTakenAgainWithItsReceiveBufferCleared() {
        SocketBuffers pool = new SocketBuffers(2);
        SocketBuffers.Pair pair = pool.take();
        pair.receive().position(100).limit(200);
        pool.give(pair);
        assertThat(pool.kept()).isEqualTo(1);

        SocketBuffers.Pair again = pool.take();
        assertThat(again).isSameAs(pair);
        assertThat(again.receive().position()).isZero();
        assertThat(again.receive().limit()).isEqualTo(SocketBuffers.RECEIVE_BUFFER_SIZE);
        assertThat(pool.kept()).isZero();
    }

    @Test
    void atMostCapacityPairsAreKept() {
        SocketBuffers pool = new SocketBuffers(2);
        SocketBuffers.Pair first = pool.take();
        SocketBuffers.Pair second = pool.take();
        SocketBuffers.Pair third = pool.take();
        pool.give(first);
        pool.give(second);
        pool.give(third);
        assertThat(pool.kept()).isEqualTo(2);
        assertThat(pool.take()).isSameAs(second);
        assertThat(pool.take()).isSameAs(first);
        assertThat(pool.take()).isNotIn(first, second, third);
    }

    @Test
    void aPoolOfNoneKeepsNothing() {
        SocketBuffers pool = new SocketBuffers(0);
        pool.give(pool.take());
        assertThat(pool.kept()).isZero();
    }

    @Test
    void aNegativeCapacityIsRefused() {
        assertThatThrownBy(() -> new SocketBuffers(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
