package io.shoal.driver.vlan;

import io.shoal.driver.support.testing.NetworkDriverContract;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The shared driver contract, on a parent that is one end of a veth pair whose other end idles in the host. */
class MacvlanDriverContractTest extends NetworkDriverContract {
    private static final String PARENT = "mvparent";

    @Override
    protected NetworkDriver newDriver(NetworkNamespace host, DriverStore store) throws Exception {
        try (NetlinkHandle handle = NetlinkHandle.openIn(host)) {
            handle.linkAdd(new LinkSpec.Veth(
                    LinkOptions.named(PARENT).withUp(true), LinkOptions.named("mvpeer"), OptionalInt.empty()));
            handle.linkSetUp("mvpeer");
            MacvlanDrivers.awaitLinkLocal(handle, PARENT, "mvpeer");
        }
        return MacvlanDrivers.create(host, store);
    }

    @Override
    protected NetworkConfig network(String id, String name, DriverOptions options) {
        Map<String, String> values = new HashMap<>(options.values());
        values.putIfAbsent(MacvlanOptions.PARENT, PARENT);
        return new NetworkConfig(
                id,
                name,
                DriverOptions.of(values),
                Map.of(),
                List.of(MacvlanDrivers.pool("10.77.0.0/24", "10.77.0.1/24")),
                List.of(),
                false);
    }
}
