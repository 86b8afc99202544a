package io.shoal.ipam;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.IpamDriver;
import java.net.InetAddress;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers shared by the IPAM tests. */
final class Fixtures {
    private Fixtures() {}

    static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }

    static IpPrefix cidr(String text) {
        return IpPrefix.parse(text);
    }

    static DefaultIpamDriver memoryDriver() {
        return DefaultIpamDriver.inMemory();
    }

    static DefaultIpamDriver memoryDriver(List<DefaultPool> pools, HostRoutes routes) {
        return DefaultIpamDriver.open(IpamStore.inMemory(), new IpamConfig(pools, true), routes);
    }

    /** The next free address's host text. */
    static String next(IpamDriver driver, String poolId) {
        return IpAddresses.format(
                driver.requestAddress(AddressRequest.next(poolId)).address().address());
    }

    static void assertFails(ErrorKind kind, String messagePart, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DriverException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.kind())
                    .as(e.getMessage())
                    .isEqualTo(kind);
            org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
