package io.shoal.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.net.IpAddresses;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class NetworkFilesTest {
    @Test
    void hostsHasDockersLinesThenExtraHostsThenTheContainersAddresses() throws Exception {
        String hosts = NetworkFiles.hosts(
                "web",
                "corp.example",
                List.of(IpAddresses.parse("10.1.0.2"), IpAddresses.parse("fd00::2")),
                List.of(NetworkFiles.parseExtraHost("db:10.0.0.5"), NetworkFiles.parseExtraHost("v6:fd00::9")));
        assertThat(hosts)
                .isEqualTo(
                        """
                        127.0.0.1\tlocalhost
                        ::1\tlocalhost ip6-localhost ip6-loopback
                        fe00::0\tip6-localnet
                        ff00::0\tip6-mcastprefix
                        ff02::1\tip6-allnodes
                        ff02::2\tip6-allrouters
                        10.0.0.5\tdb
                        fd00::9\tv6
                        10.1.0.2\tweb.corp.example web
                        fd00::2\tweb.corp.example web
                        """);
    }

    @Test
    void aBadExtraHostIsRefused() {
        assertThatThrownBy(() -> NetworkFiles.parseExtraHost("db:nowhere"))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid IP address in add-host: \"nowhere\"");
        assertThatThrownBy(() -> NetworkFiles.parseExtraHost("db")).hasMessage("bad format for add-host: \"db\"");
    }

    @Test
    void withoutReachableHostServersTheBridgeFileFallsBackToDockersDefaults() {
        String text = NetworkFiles.bridgeResolvConf(
                "nameserver 127.0.0.53\ndomain lan\nsearch a.example b.example\n",
                List.of(),
                List.of(),
                List.of(),
                List.of());
        assertThat(text).contains("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", "search a.example b.example\n");
        assertThat(text).doesNotContain("127.0.0.53", "options");
    }
}
