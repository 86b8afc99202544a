package io.shoal.dns.placement;

import io.shoal.dns.firewall.DnsRedirectRules;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.dns.server.DnsListener;
import io.shoal.dns.server.DnsServer;
import io.shoal.dns.server.ListenerSpec;
import io.shoal.dns.server.MetricsSnapshot;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.net.IpAddresses;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Nftables;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded resolver as the engine uses it: the records ({@link #records()}, updated on endpoint join, leave and
 * alias changes) and one {@link ContainerResolver} per container, all served by one {@link DnsServer}.
 *
 * <p>Thread-safe. {@link #attach} blocks for a few milliseconds (the namespace's thread opens the sockets and runs
 * the nftables rules); the shared event loops only register and bind the sockets.
 */
public final class EmbeddedDns implements AutoCloseable {
    private static final Inet4Address EMBEDDED_ADDRESS = embeddedAddress();

    private final DnsServer server;

    private EmbeddedDns(DnsServer server) {
        this.server = server;
    }

    /** Starts the event loops. */
    public static EmbeddedDns start(ResolverSettings settings) {
        return new EmbeddedDns(DnsServer.start(new RecordRegistry(), settings));
    }

    /** The names every container's resolver answers from; the engine updates them as endpoints change. */
    public RecordRegistry records() {
        return server.records();
    }

    /** The counters of every container's resolver together. */
    public MetricsSnapshot metrics() {
        return server.metrics();
    }

    /** The server, for callers that place listeners themselves. */
    public DnsServer server() {
        return server;
    }

    /**
     * Starts the resolver of container {@code containerId} inside {@code namespace}: brings {@code lo} up there,
     * listens on 127.0.0.11 (UDP and TCP, free high ports), and installs the DNAT from 127.0.0.11:53 to those ports.
     * The container sees the names of the networks it has endpoints on in {@link #records()}, whenever it asks.
     *
     * @param upstreams where other names are forwarded, usually {@link ResolvConf#upstreams()} of the host's file
     * @throws IOException the namespace could not be entered, the sockets not bound, or nft failed; nothing of this
     *     container's resolver is left behind then
     */
    public ContainerResolver attach(String containerId, NetworkNamespace namespace, List<InetSocketAddress> upstreams)
            throws IOException {
        bringLoopbackUp(namespace);
        DnsListener listener = server.startListener(
                ListenerSpec.onFreePorts(containerId, EMBEDDED_ADDRESS, upstreams, new NamespacePlacement(namespace)));
        try {
            String ruleset = DnsRedirectRules.ruleset(
                    EMBEDDED_ADDRESS,
                    listener.udpAddress().getPort(),
                    listener.tcpAddress().getPort());
            applyInside(namespace, ruleset);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        return new ContainerResolver(listener, namespace);
    }

    /**
     * Starts the resolver of a container that had one from an earlier engine in the same {@code namespace}, at the
     * {@code recorded} ports when they are free, and writes the DNAT rule only when {@link PortReuse} says the rule
     * already there does not lead to them (docs/engine.md, "Restart"). With nothing recorded this is {@link #attach}.
     *
     * @param probeTimeout how long a query to 127.0.0.11:53 may take to come back from the new listener
     * @throws IOException as {@link #attach}
     */
    public ContainerResolver reattach(
            String containerId,
            NetworkNamespace namespace,
            List<InetSocketAddress> upstreams,
            Optional<ListenerPorts> recorded,
            Duration probeTimeout)
            throws IOException {
        if (recorded.isEmpty()) {
            return attach(containerId, namespace, upstreams);
        }
        ContainerResolver resolver = reattachUnchecked(containerId, namespace, upstreams, recorded.get());
        if (PortReuse.probeWorthwhile(recorded, resolver.ports())) {
            try {
                checkRedirect(resolver, probeTimeout);
            } catch (IOException | RuntimeException e) {
                resolver.closeListener();
                throw e;
            }
        }
        return resolver;
    }

    /**
     * The first half of {@link #reattach}, for an engine start that must answer as early as it can: binds the {@code
     * recorded} ports again and, when it got them, trusts the DNAT rule an earlier engine left for them without
     * probing it (the caller runs {@link #checkRedirect} later, docs/engine.md "Restart"). A port taken meanwhile gives
     * new ports and a new rule, as {@link #attach}. Whether the rule was trusted shows in the result's {@link
     * ContainerResolver#ports()}: equal to {@code recorded} then.
     *
     * @throws IOException as {@link #attach}
     */
    public ContainerResolver reattachUnchecked(
            String containerId, NetworkNamespace namespace, List<InetSocketAddress> upstreams, ListenerPorts recorded)
            throws IOException {
        DnsListener listener;
        try {
            listener = server.startListener(new ListenerSpec(
                    containerId,
                    EMBEDDED_ADDRESS,
                    recorded.udpPort(),
                    recorded.tcpPort(),
                    upstreams,
                    new NamespacePlacement(namespace)));
        } catch (IOException taken) {
            return attach(containerId, namespace, upstreams); // a port taken meanwhile: new ports, new rule
        }
        return new ContainerResolver(listener, namespace);
    }

    /**
     * The second half of {@link #reattach}: probes 127.0.0.11:53 inside the resolver's namespace ({@link
     * RedirectProbe}) and, when the probe does not come back to the resolver's listener, brings {@code lo} up and
     * writes the DNAT rule for its ports. The listener stays open either way.
     *
     * @param probeTimeout how long the probe may take to come back
     * @throws IOException the namespace could not be entered, or the rule not written
     */
    public void checkRedirect(ContainerResolver resolver, Duration probeTimeout) throws IOException {
        NetworkNamespace namespace = resolver.namespace();
        ListenerPorts ports = resolver.ports();
        if (!RedirectProbe.answered(namespace, EMBEDDED_ADDRESS, probeTimeout)) {
            bringLoopbackUp(namespace);
            applyInside(namespace, DnsRedirectRules.ruleset(EMBEDDED_ADDRESS, ports.udpPort(), ports.tcpPort()));
        }
    }

    /** Applies {@code ruleset} in the namespace as one nftables transaction (libnftables, no nft process). */
    static void applyInside(NetworkNamespace namespace, String ruleset) throws IOException {
        try (Nftables nft = Nftables.in(namespace)) {
            nft.apply(ruleset);
        } catch (KernelException e) {
            throw new IOException("apply the DNS redirect in " + namespace + ": " + e.getMessage(), e);
        }
    }

    private static void bringLoopbackUp(NetworkNamespace namespace) throws IOException {
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            handle.linkSetUp("lo");
        } catch (KernelException e) {
            throw new IOException("bring lo up in " + namespace + ": " + e.getMessage(), e);
        }
    }

    /** Closes every container's listener (leaving their namespaces' rules to the namespaces) and stops serving. */
    @Override
    public void close() {
        server.close();
    }

    private static Inet4Address embeddedAddress() {
        return (Inet4Address) IpAddresses.parse(ResolvConf.EMBEDDED_ADDRESS);
    }
}
