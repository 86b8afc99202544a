package io.shoal.engine.daemon;

import io.shoal.engine.dns.NameService;
import io.shoal.engine.image.RootfsUnpacker;
import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.engine.store.EngineStore;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.ipam.IpamDriver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Everything shoald has started by the time the controllers are made: the adapters of engine-core's ports and the
 * drivers. Owned by {@link Shoald}, which closes them at shutdown; controllers only use them.
 *
 * @param config the configuration shoald runs with
 * @param layout the data root's paths
 * @param store the engine store (SQLite)
 * @param ipam the default IPAM driver
 * @param drivers every network driver made at start, by type; {@code driverTypes} finds providers by type
 * @param driverTypes the registry the drivers were made from (ServiceLoader)
 * @param names the embedded DNS
 * @param dnsUpstreams the configured {@code --dns} servers on port 53; empty means each container's resolver forwards
 *     to the host's resolv.conf nameservers ({@code ResolvConf.parse(sandboxes.hostResolvConf()).upstreams()}, the file
 *     chosen by {@code HostResolverFile})
 * @param sandboxes the sandbox host (netlink namespaces)
 * @param unpacker the rootfs unpacker (tar)
 * @param runtime containerd
 */
public record EngineServices(
        ShoaldConfig config,
        DataRootLayout layout,
        EngineStore store,
        IpamDriver ipam,
        Map<String, NetworkDriver> drivers,
        DriverRegistry<io.shoal.spi.NetworkDriverProvider> driverTypes,
        NameService names,
        List<InetSocketAddress> dnsUpstreams,
        SandboxHost sandboxes,
        RootfsUnpacker unpacker,
        ContainerRuntime runtime) {}
