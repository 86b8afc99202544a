package io.shoal.dns.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision a restarted engine takes for each container's DNAT rule, and the probe's wire format. */
class PortReuseTest {
    private static final ListenerPorts RECORDED = new ListenerPorts(40001, 40002);

    @Test
    void theRuleIsKeptOnlyWhenTheRecordedPortsWereBoundAndTheProbeCameBack() {
        assertThat(PortReuse.keepRedirect(Optional.of(RECORDED), RECORDED, true))
                .isTrue();
    }

    @Test
    void noAnswerThroughPort53MeansTheRuleIsWrittenAgain() {
        assertThat(PortReuse.keepRedirect(Optional.of(RECORDED), RECORDED, false))
                .isFalse();
    }

    @Test
    void otherPortsBoundMeanANewRuleWhateverTheProbeSaid() {
        ListenerPorts other = new ListenerPorts(40001, 40003);

        assertThat(PortReuse.probeWorthwhile(Optional.of(RECORDED), other)).isFalse();
        assertThat(PortReuse.keepRedirect(Optional.of(RECORDED), other, true)).isFalse();
    }

    @Test
    void nothingRecordedMeansANewRule() {
        assertThat(PortReuse.probeWorthwhile(Optional.empty(), RECORDED)).isFalse();
        assertThat(PortReuse.keepRedirect(Optional.empty(), RECORDED, true)).isFalse();
    }

    @Test
    void portsReadBackWhatTheyWrite() {
        assertThat(ListenerPorts.parse(RECORDED.text() + "\n")).isEqualTo(RECORDED);
        assertThatThrownBy(() -> ListenerPorts.parse("40001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenerPorts.parse("40001 x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenerPorts.parse("0 53")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProbeIsAStatusQueryAndOnlyAResponseWithItsIdCounts() {
        byte[] query = RedirectProbe.query(0xBEEF);

        assertThat(query).hasSize(12);
        assertThat(query[0] & 0xff).isEqualTo(0xBE);
        assertThat(query[1] & 0xff).isEqualTo(0xEF);
        assertThat((query[2] >> 3) & 0xf).isEqualTo(2); // opcode STATUS, RFC 1035 §4.1.1
        assertThat(RedirectProbe.isResponseTo(0xBEEF, query, query.length)).isFalse(); // QR clear: a query
        byte[] response = query.clone();
        response[2] |= (byte) 0x80;
        response[3] = 4; // NOTIMP
        assertThat(RedirectProbe.isResponseTo(0xBEEF, response, response.length))
                .isTrue();
        assertThat(RedirectProbe.isResponseTo(0xBEEE, response, response.length))
                .isFalse();
        assertThat(RedirectProbe.isResponseTo(0xBEEF, response, 11)).isFalse();
    }
}
