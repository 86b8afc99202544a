package io.shoal.ipam;

import static io.shoal.ipam.Fixtures.assertFails;
import static io.shoal.ipam.Fixtures.cidr;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.spi.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpamConfigTest {
    @Test
    void defaultsAreDockers() {
        IpamConfig config = IpamConfig.fromSettings(Map.of());
        assertThat(config.checkHostRoutes()).isTrue();
        assertThat(config.defaultAddressPools()).first().isEqualTo(new DefaultPool(cidr("172.17.0.0/16"), 16));
        assertThat(config.defaultAddressPools()).last().isEqualTo(new DefaultPool(cidr("192.168.0.0/16"), 20));
    }

    @Test
    void parsesAListOfPools() {
        IpamConfig config = IpamConfig.fromSettings(Map.of(
                "default-address-pools", "base=10.10.0.0/16,size=24; size=64,base=fd12:3456:789a::/48",
                "check-host-routes", "false"));
        assertThat(config.defaultAddressPools())
                .containsExactly(
                        new DefaultPool(cidr("10.10.0.0/16"), 24), new DefaultPool(cidr("fd12:3456:789a::/48"), 64));
        assertThat(config.checkHostRoutes()).isFalse();
        assertThat(DefaultIpamDriver.open(IpamStore.inMemory(), config, () -> java.util.List.of())
                        .defaultPools())
                .as("an IPv6 entry replaces the generated unique local prefix")
                .hasSize(2);
    }

    @Test
    void badPoolsSayWhatToFix() {
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "10.10.0.1/16 has host bits set; did you mean 10.10.0.0/16?",
                () -> DefaultPool.parse("base=10.10.0.1/16,size=24"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "the size must be 16..31",
                () -> DefaultPool.parse("base=10.10.0.0/16,size=8"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "the size must be 16..31",
                () -> DefaultPool.parse("base=10.10.0.0/16,size=32"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "the size must be 48..127",
                () -> DefaultPool.parse("base=fd00:1::/48,size=128"));
        assertThat(DefaultPool.parse("base=10.10.0.0/16,size=31").size()).isEqualTo(31);
        assertFails(
                ErrorKind.INVALID_ARGUMENT, "unknown key 'bsae'", () -> DefaultPool.parse("bsae=10.10.0.0/16,size=24"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT, "needs both base and size", () -> DefaultPool.parse("base=10.10.0.0/16"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "size 'x' is not a prefix length",
                () -> DefaultPool.parse("base=10.10.0.0/16,size=x"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "default address pool 'base=10.10.0/16,size=24'",
                () -> DefaultPool.parse("base=10.10.0/16,size=24"));
        assertFails(ErrorKind.INVALID_ARGUMENT, "is empty", () -> DefaultPool.parseList(" ; "));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "check-host-routes=maybe is not a boolean",
                () -> IpamConfig.fromSettings(Map.of("check-host-routes", "maybe")));
    }
}
