package io.shoal.ipam;

import static io.shoal.ipam.Fixtures.assertFails;
import static io.shoal.ipam.Fixtures.cidr;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.IpamDriver;
import io.shoal.spi.ipam.IpamDriverProvider;
import io.shoal.spi.ipam.PoolRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultIpamProviderTest {
    @TempDir
    Path dir;

    private static IpamDriverProvider provider() {
        return DriverRegistry.load(
                        IpamDriverProvider.class,
                        DefaultIpamProviderTest.class.getClassLoader(),
                        IpamDriverProvider::type)
                .require("default");
    }

    @Test
    void serviceLoaderFindsTheDefaultDriver() {
        assertThat(provider()).isInstanceOf(DefaultIpamProvider.class);
    }

    @Test
    void makesADriverWithItsOwnStoreFile() {
        IpamDriver driver = provider().create(new DriverContext(dir, Map.of("check-host-routes", "false"), Map.of()));
        try {
            assertThat(driver.type()).isEqualTo("default");
            assertThat(driver.requestPool(PoolRequest.automatic("local", false, "web"))
                            .subnet())
                    .isEqualTo(cidr("172.17.0.0/16"));
            assertThat(Files.exists(dir.resolve("ipam.db"))).isTrue();
        } finally {
            ((DefaultIpamDriver) driver).close();
        }
    }

    @Test
    void readsDefaultPoolsAndAsksHostRoutes() {
        HostRoutes routes = () -> List.of(cidr("10.50.0.0/24"));
        IpamDriver driver = provider()
                .create(new DriverContext(
                        dir,
                        Map.of("default-address-pools", "base=10.50.0.0/16,size=24"),
                        Map.of(HostRoutes.class, routes)));
        try {
            assertThat(driver.requestPool(PoolRequest.automatic("local", false, "web"))
                            .subnet())
                    .isEqualTo(cidr("10.50.1.0/24"));
        } finally {
            ((DefaultIpamDriver) driver).close();
        }
    }

    @Test
    void needsHostRoutesUnlessTheCheckIsOff() {
        assertFails(ErrorKind.UNAVAILABLE, "io.shoal.spi.ipam.HostRoutes", () -> provider()
                .create(new DriverContext(dir, Map.of(), Map.of())));
        assertFails(ErrorKind.INVALID_ARGUMENT, "unknown driver option(s) [colour]", () -> provider()
                .create(new DriverContext(dir, Map.of("colour", "red"), Map.of())));
    }
}
