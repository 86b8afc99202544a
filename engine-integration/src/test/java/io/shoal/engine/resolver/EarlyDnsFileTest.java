package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarlyDnsFileTest {
    static final String ID = "0123456789abcdef".repeat(4);

    static EarlyDnsFile sample() {
        return new EarlyDnsFile(
                ID,
                Path.of("/run/netns/shoal-0123456789ab"),
                List.of(
                        new InetSocketAddress(IpAddresses.parse("10.0.0.2"), 53),
                        new InetSocketAddress(IpAddresses.parse("fd00::53"), 5353)),
                List.of(
                        new EarlyDnsFile.Network(
                                "web",
                                List.of(IpPrefix.parse("10.1.0.0/24"), IpPrefix.parse("fd01::/64")),
                                true,
                                new DnsEntry(
                                        ID,
                                        "app",
                                        Optional.of("apphost"),
                                        List.of("db", "cache=x"),
                                        List.of(IpAddresses.parse("10.1.0.2"), IpAddresses.parse("fd01::2")))),
                        new EarlyDnsFile.Network(
                                "lan",
                                List.of(IpPrefix.parse("192.168.5.0/24")),
                                false,
                                new DnsEntry(ID, "app", Optional.empty(), List.of(), List.of()))));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        String text = sample().encode().orElseThrow();

        assertThat(EarlyDnsFile.parse(text)).isEqualTo(sample());
        assertThat(text)
                .startsWith("version=1\ncontainer=" + ID + "\nsandbox=/run/netns/shoal-0123456789ab\n"
                        + "upstream=10.0.0.2 53\nupstream=fd00::53 5353\nnetwork=web\n")
                .contains("alias=cache=x\n")
                .endsWith("address=fd01::2\nnetwork=lan\nsubnet=192.168.5.0/24\nreverse=forward\nname=app\nend=\n");
    }

    @Test
    void aResolverOnNoNetworkIsWrittenToo() throws Exception {
        EarlyDnsFile bare = new EarlyDnsFile(ID, Path.of("/run/netns/x"), List.of(), List.of());

        assertThat(EarlyDnsFile.parse(bare.encode().orElseThrow())).isEqualTo(bare);
    }

    @Test
    void aValueWithALineBreakIsNotWritten() {
        EarlyDnsFile odd = new EarlyDnsFile(
                ID,
                Path.of("/run/netns/x"),
                List.of(),
                List.of(new EarlyDnsFile.Network(
                        "web",
                        List.of(),
                        true,
                        new DnsEntry(ID, "app", Optional.empty(), List.of("a\nend="), List.of()))));

        assertThat(odd.encode()).isEmpty();
    }

    @Test
    void aFileCutShortIsRefused() {
        String text = sample().encode().orElseThrow();
        String cut = text.substring(0, text.indexOf("network=lan"));

        assertThatThrownBy(() -> EarlyDnsFile.parse(cut))
                .isInstanceOf(EarlyDnsFileException.class)
                .hasMessageContaining("expected end=");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\0\0\0\0",
                "version=2\n",
                "version=1\ncontainer=ABC\n",
                "version=1\ncontainer=%s\nsandbox=relative\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nupstream=10.0.0.2\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nupstream=10.0.0.2 65536\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nupstream=dns.example 53\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nnetwork=web\nsubnet=10.1.0.0\nreverse=local\nname=a\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nnetwork=web\nreverse=maybe\nname=a\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nnetwork=web\nreverse=local\nname=a\naddress=10.1.0.300\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nnetwork=web\nreverse=local\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nbogus=1\nend=\n",
                "version=1\ncontainer=%s\nsandbox=/x\nend=\nend=\n",
            })
    void garbledTextIsATypedErrorNamingTheLine(String template) {
        String text = template.replace("%s", ID);

        assertThatThrownBy(() -> EarlyDnsFile.parse(text))
                .isInstanceOf(EarlyDnsFileException.class)
                .hasMessageStartingWith("line ");
    }
}
