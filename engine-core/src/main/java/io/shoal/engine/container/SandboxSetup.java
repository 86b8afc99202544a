package io.shoal.engine.container;

import io.shoal.engine.container.ContainerRecord.Attachment;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.network.NetworkAttachments;
import io.shoal.engine.network.NetworkView;
import io.shoal.engine.sandbox.DefaultRoutes;
import io.shoal.engine.sandbox.NetworkFiles;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.engine.sandbox.SandboxRef;
import io.shoal.engine.undo.Undo;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container's sandbox: its network namespace ({@code host} mode: the host's), one endpoint per network with
 * interfaces {@code eth0}, {@code eth1}… in attach order, the default route of each family ({@link DefaultRoutes}),
 * published ports on the IPv4 gateway endpoint, the generated {@code hosts}, {@code hostname} and {@code resolv.conf},
 * and, on user-defined networks, the embedded DNS resolver. Tear-down undoes it all, DNS first.
 */
final class SandboxSetup {
    /**
     * The namespace a {@code --network host} container joins: the engine's own, the one its drivers treat as the host
     * (proc(5) {@code /proc/PID/ns/net}). Not PID 1's: an engine started in a namespace of its own (SHOAL_NETNS) must
     * never put a container into the machine's.
     */
    static final Path HOST_NAMESPACE =
            Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "ns", "net");

    private static final Logger LOG = Logger.getLogger(SandboxSetup.class.getName());
    private static final int DNS_PORT = 53;

    private final NetworkAttachments networks;
    private final SandboxHost host;
    private final NameService dns;
    private final Function<String, Path> dirOf;
    private final AppliedRoutes routes;

    /** @param dirOf a container id to the directory of its files */
    SandboxSetup(NetworkAttachments networks, SandboxHost host, NameService dns, Function<String, Path> dirOf) {
        this.networks = networks;
        this.host = host;
        this.dns = dns;
        this.dirOf = dirOf;
        this.routes = new AppliedRoutes(host);
    }

    /**
     * What a start made: the namespace, the attachments with their interfaces, the ports as bound, and the embedded DNS
     * resolver's start, still running ({@link ResolverStart#NONE} without one), which the task's start awaits.
     */
    record Sandbox(
            Path namespace,
            List<Attachment> attachments,
            Map<ContainerPort, List<HostBinding>> ports,
            ResolverStart resolver) {}

    /** What lets go of the namespace held for a start, once its last user (the resolver's start) is done with it. */
    @FunctionalInterface
    private interface Release {
        void run() throws EngineException;
    }

    /**
     * Sets the sandbox up; the DNS resolver's start (on user-defined networks) is left running on {@code background},
     * beside the runtime's work, and returned in the result. Every step done is pushed on {@code undo}.
     */
    Sandbox setUp(ContainerRecord record, ContainerSpec spec, Path dir, Undo undo, Executor background)
            throws EngineException {
        if (inHostNamespace(record)) {
            return setUpIn(HOST_NAMESPACE, record, spec, dir, undo, background, () -> {});
        }
        // Held for the whole set-up, the resolver's start included: the joins, the routes and the resolver then share
        // one open namespace (and the rtnetlink socket and thread the host keeps with it) rather than each opening and
        // entering it again (docs/performance.md, session 12).
        SandboxHost.HeldNamespace held = host.createHeldNamespace(record.shortId());
        undo.onFailure("delete the namespace of " + record.id(), () -> host.deleteNamespace(record.shortId()));
        try {
            return setUpIn(held.path(), record, spec, dir, undo, background, held::close);
        } catch (EngineException | RuntimeException e) {
            releaseAfterFailure(held::close, e);
            throw e;
        }
    }

    private Sandbox setUpIn(
            Path namespace,
            ContainerRecord record,
            ContainerSpec spec,
            Path dir,
            Undo undo,
            Executor background,
            Release release)
            throws EngineException {
        String id = record.id();
        boolean hostMode = inHostNamespace(record);
        boolean exclusive = !record.networks().isEmpty()
                && CreateRequest.exclusiveMode(record.networks().get(0).networkName());
        SandboxRef ref = new SandboxRef(id, record.name(), hostname(record, spec), namespace);
        List<Attachment> attached = new ArrayList<>();
        Map<String, NetworkView> views = new LinkedHashMap<>();
        List<EndpointView> endpoints = new ArrayList<>();
        for (Attachment attachment : record.networks()) {
            NetworkView view = networks.find(attachment.networkId());
            views.put(view.id(), view);
            String interfaceName = "eth" + attached.size();
            endpoints.add(networks.attach(ref, view.id(), SpecCodec.load(attachment.settings()), interfaceName));
            undo.onFailure("detach " + id + " from " + view.name(), () -> networks.detach(id, view.id()));
            attached.add(attachment.withInterface(Optional.of(interfaceName)));
        }
        DefaultRoutes.Choice routes = hostMode
                ? new DefaultRoutes.Choice(Optional.empty(), Optional.empty())
                : applyRoutes(id, namespace, candidates(attached, endpoints, views), true);
        Map<ContainerPort, List<HostBinding>> ports = Map.of();
        Map<ContainerPort, List<HostBinding>> wanted = wantedPorts(spec);
        Optional<DefaultRoutes.Candidate> gateway = routes.ipv4().or(routes::ipv6);
        if (!exclusive && !wanted.isEmpty() && gateway.isPresent()) {
            String gatewayNetwork = gateway.get().endpoint().networkId();
            ports = PortRequests.bindings(networks.programPorts(id, gatewayNetwork, PortRequests.of(wanted)));
            undo.onFailure("unpublish the ports of " + id, () -> networks.programPorts(id, gatewayNetwork, List.of()));
        } else if (!exclusive && !wanted.isEmpty()) {
            LOG.warning("container " + id + " has no network with a gateway: its ports are not published");
        }
        String hostText = host.hostResolvConf();
        boolean embedded = !exclusive && views.values().stream().anyMatch(view -> !view.builtin());
        writeFiles(record, spec, dir, endpoints, hostText, hostMode, embedded);
        if (!embedded) {
            release.run();
            return new Sandbox(namespace, attached, ports, ResolverStart.NONE);
        }
        List<InetSocketAddress> upstreams = upstreams(spec, hostText);
        ResolverStart resolver =
                ResolverStart.begin(background, () -> attachThenRelease(id, namespace, upstreams, release));
        undo.onFailure("stop the resolver of " + id, () -> {
            resolver.settled(); // its start must be over before it is stopped; its failure is the start's own
            dns.detachResolver(id);
        });
        return new Sandbox(namespace, attached, ports, resolver);
    }

    private void attachThenRelease(String id, Path namespace, List<InetSocketAddress> upstreams, Release release)
            throws EngineException {
        try {
            dns.attachResolver(id, namespace, upstreams);
        } catch (EngineException | RuntimeException e) {
            releaseAfterFailure(release, e);
            throw e;
        }
        release.run();
    }

    private static void releaseAfterFailure(Release release, Exception failure) {
        try {
            release.run();
        } catch (EngineException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * After an engine restart: starts the embedded DNS resolver again in a running container's namespace, when it
     * is on a user-defined network (the resolver lived in the engine's process, the namespace and its endpoints in
     * the kernel, which kept them).
     */
    void reattachResolver(ContainerRecord record, ContainerSpec spec) throws EngineException {
        if (record.networks().isEmpty()
                || inHostNamespace(record)
                || CreateRequest.exclusiveMode(record.networks().get(0).networkName())) {
            return;
        }
        boolean embedded = false;
        for (Attachment attachment : record.networks()) {
            embedded |= !networks.find(attachment.networkId()).builtin();
        }
        if (embedded) {
            Path namespace = host.createNamespace(record.shortId());
            dns.attachResolver(record.id(), namespace, upstreams(spec, host.hostResolvConf()));
        }
    }

    /** Whether the container runs in the host's namespace ({@code --network host}); not when on no network. */
    private static boolean inHostNamespace(ContainerRecord record) {
        return !record.networks().isEmpty()
                && record.networks().get(0).networkName().equals("host");
    }

    /**
     * Tears the sandbox down, DNS first, then the namespace, then the endpoints; failures are logged and the rest
     * still runs.
     *
     * <p>The namespace goes before the drivers' leave: its interfaces go with it (network_namespaces(7)), and a
     * driver's leave counts a sandbox that no longer exists as done (the bridge driver then skips taking the
     * container's end out of service, the macvlan driver its link delete, which waits for an RCU grace period), so
     * the leave costs no visit of the namespace. The endpoints' records, addresses and names are still released
     * before this returns. After a crash in between, the restore finds the endpoints' interfaces gone, as after a
     * host's reboot, and the container's interrupted stop runs this again (deleting a namespace that is gone is a
     * no-op).
     */
    void teardown(ContainerRecord record) {
        String id = record.id();
        routes.forget(id);
        // A resolver is only ever attached in the container's own namespace (never in host or container:X mode),
        // which is deleted below: its DNAT rule goes with it.
        dns.detachResolverBeforeNamespaceDelete(id);
        for (Attachment attachment : record.networks()) {
            dns.withdraw(attachment.networkName(), id);
        }
        // A container disconnected from every network still has its namespace (lo only): removed too.
        if (!inHostNamespace(record)) {
            try {
                host.deleteNamespace(record.shortId());
            } catch (EngineException e) {
                LOG.log(Level.WARNING, "deleting the namespace of " + id + " failed", e);
            }
        }
        List<Attachment> reversed = new ArrayList<>(record.networks());
        java.util.Collections.reverse(reversed);
        for (Attachment attachment : reversed) {
            try {
                networks.detach(id, attachment.networkId());
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    LOG.log(Level.WARNING, "detaching " + id + " from " + attachment.networkName() + " failed", e);
                }
            }
        }
    }

    /**
     * Attaches a running container to one more network (its attachment is the record's last) with the next free
     * interface name, then updates default routes and {@code /etc/hosts}. Returns the attachments as now attached.
     */
    List<Attachment> connect(ContainerRecord record, NetworkView target) throws EngineException {
        Path namespace = Path.of(record.sandboxKey().orElseThrow());
        ContainerSpec spec = SpecCodec.load(record.spec());
        Set<String> used = new HashSet<>();
        record.networks().forEach(a -> a.interfaceName().ifPresent(used::add));
        int index = 0;
        while (used.contains("eth" + index)) {
            index++;
        }
        String interfaceName = "eth" + index;
        Attachment added = record.networks().get(record.networks().size() - 1);
        networks.attach(
                new SandboxRef(record.id(), record.name(), hostname(record, spec), namespace),
                target.id(),
                SpecCodec.load(added.settings()),
                interfaceName);
        List<Attachment> attachments = new ArrayList<>(record.networks());
        attachments.set(attachments.size() - 1, added.withInterface(Optional.of(interfaceName)));
        try {
            refresh(record, spec, namespace, attachments);
        } catch (EngineException | RuntimeException e) {
            routes.forget(record.id());
            networks.detach(record.id(), target.id());
            throw e;
        }
        return attachments;
    }

    /**
     * After a connect whose final commit failed: the routes and hosts made again from the attachments {@code before}
     * it (the network side takes back the endpoint itself).
     */
    void revertConnect(ContainerRecord before) throws EngineException {
        refresh(
                before,
                SpecCodec.load(before.spec()),
                Path.of(before.sandboxKey().orElseThrow()),
                before.networks());
    }

    /**
     * Detaches a running container from a network ({@code record} no longer lists it): DNS names withdrawn, the
     * endpoint removed, the default route moved to another network with a gateway (or removed), hosts rewritten.
     */
    void disconnect(ContainerRecord record, Attachment gone) throws EngineException {
        dns.withdraw(gone.networkName(), record.id());
        try {
            networks.detach(record.id(), gone.networkId());
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
        // Off its last network, a container keeps its namespace with lo only: routes and hosts are still rewritten.
        if (inHostNamespace(record)) {
            return;
        }
        refresh(
                record,
                SpecCodec.load(record.spec()),
                Path.of(record.sandboxKey().orElseThrow()),
                record.networks());
    }

    /**
     * After an engine crash, for a container whose task still runs: a connect that was interrupted (its attachment
     * has no interface yet) is undone (the endpoint, if the network side made one, detached) and the attachments left
     * are returned; then the default routes and hosts are made again from the endpoints that exist, as a disconnect
     * interrupted between the endpoint's removal and the route's move would have left them.
     */
    List<Attachment> settleAfterCrash(ContainerRecord record) throws EngineException {
        if (inHostNamespace(record) || record.sandboxKey().isEmpty()) {
            return record.networks();
        }
        List<Attachment> kept = new ArrayList<>();
        for (Attachment attachment : record.networks()) {
            if (attachment.interfaceName().isPresent()) {
                kept.add(attachment);
                continue;
            }
            dns.withdraw(attachment.networkName(), record.id());
            try {
                networks.detach(record.id(), attachment.networkId());
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        refresh(
                record,
                SpecCodec.load(record.spec()),
                Path.of(record.sandboxKey().orElseThrow()),
                kept);
        return kept;
    }

    private void refresh(ContainerRecord record, ContainerSpec spec, Path namespace, List<Attachment> attachments)
            throws EngineException {
        Map<String, NetworkView> views = new LinkedHashMap<>();
        List<Attachment> attached = new ArrayList<>();
        List<EndpointView> endpoints = new ArrayList<>();
        List<EndpointView> all = networks.endpointsOf(record.id());
        for (Attachment attachment : attachments) {
            if (attachment.interfaceName().isEmpty()) {
                continue;
            }
            Optional<EndpointView> endpoint = all.stream()
                    .filter(e -> e.networkId().equals(attachment.networkId()))
                    .findFirst();
            if (endpoint.isPresent()) {
                views.put(attachment.networkId(), networks.find(attachment.networkId()));
                attached.add(attachment);
                endpoints.add(endpoint.get());
            }
        }
        applyRoutes(record.id(), namespace, candidates(attached, endpoints, views), false);
        writeFile(dirOf.apply(record.id()).resolve("hosts"), hostsText(record, spec, endpoints));
    }

    private static List<DefaultRoutes.Candidate> candidates(
            List<Attachment> attached, List<EndpointView> endpoints, Map<String, NetworkView> views) {
        List<DefaultRoutes.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < attached.size(); i++) {
            EndpointView endpoint = endpoints.get(i);
            NetworkView view = views.get(endpoint.networkId());
            candidates.add(new DefaultRoutes.Candidate(
                    endpoint,
                    view != null && view.internal(),
                    attached.get(i).interfaceName().orElseThrow()));
        }
        return candidates;
    }

    /** Sets the routes on a start ({@code always}); on a connect or disconnect only when they change. */
    private DefaultRoutes.Choice applyRoutes(
            String id, Path namespace, List<DefaultRoutes.Candidate> candidates, boolean always)
            throws EngineException {
        DefaultRoutes.Choice choice = DefaultRoutes.choose(candidates);
        SandboxHost.DefaultRoute ipv4 = new SandboxHost.DefaultRoute(
                choice.gateway(false),
                choice.ipv4().map(DefaultRoutes.Candidate::interfaceName).orElse(""));
        SandboxHost.DefaultRoute ipv6 = new SandboxHost.DefaultRoute(
                choice.gateway(true),
                choice.ipv6().map(DefaultRoutes.Candidate::interfaceName).orElse(""));
        // Both families in one call: the adapter sets them in one visit of the namespace.
        if (always) {
            routes.set(id, namespace, ipv4, ipv6);
        } else {
            routes.update(id, namespace, ipv4, ipv6);
        }
        return choice;
    }

    private static Map<ContainerPort, List<HostBinding>> wantedPorts(ContainerSpec spec) {
        Map<ContainerPort, List<HostBinding>> wanted =
                new LinkedHashMap<>(spec.host().portBindings());
        if (spec.host().publishAllPorts()) {
            for (ContainerPort port : spec.exposedPorts()) {
                wanted.putIfAbsent(port, List.of(new HostBinding("", "")));
            }
        }
        return wanted;
    }

    private void writeFiles(
            ContainerRecord record,
            ContainerSpec spec,
            Path dir,
            List<EndpointView> endpoints,
            String hostText,
            boolean hostMode,
            boolean embedded)
            throws EngineException {
        String resolvConf;
        if (hostMode) {
            resolvConf = hostText;
        } else if (embedded) {
            resolvConf = dns.containerResolvConf(
                    hostText, spec.host().dnsSearch(), spec.host().dnsOptions());
        } else {
            List<InetAddress> upstreams = new ArrayList<>();
            dns.hostUpstreams(hostText).forEach(address -> upstreams.add(address.getAddress()));
            resolvConf = NetworkFiles.bridgeResolvConf(
                    hostText,
                    upstreams,
                    spec.host().dns(),
                    spec.host().dnsSearch(),
                    spec.host().dnsOptions());
        }
        writeFile(dir.resolve("hosts"), hostsText(record, spec, endpoints));
        writeFile(dir.resolve("hostname"), NetworkFiles.hostname(hostname(record, spec)));
        writeFile(dir.resolve("resolv.conf"), resolvConf);
    }

    private static String hostsText(ContainerRecord record, ContainerSpec spec, List<EndpointView> endpoints)
            throws EngineException {
        List<InetAddress> own = new ArrayList<>();
        for (EndpointView endpoint : endpoints) {
            endpoint.ipv4().map(IpPrefix::address).ifPresent(own::add);
            endpoint.ipv6().map(IpPrefix::address).ifPresent(own::add);
        }
        List<NetworkFiles.ExtraHost> extra = new ArrayList<>();
        for (String text : spec.host().extraHosts()) {
            extra.add(NetworkFiles.parseExtraHost(text));
        }
        return NetworkFiles.hosts(hostname(record, spec), spec.domainname(), own, extra);
    }

    private List<InetSocketAddress> upstreams(ContainerSpec spec, String hostText) throws EngineException {
        return upstreams(dns, spec, hostText);
    }

    /** Where a container's resolver forwards: its {@code --dns} servers (port 53), else the host's reachable ones. */
    static List<InetSocketAddress> upstreams(NameService dns, ContainerSpec spec, String hostText)
            throws EngineException {
        if (spec.host().dns().isEmpty()) {
            return dns.hostUpstreams(hostText);
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        spec.host().dns().forEach(server -> servers.add(new InetSocketAddress(IpAddresses.parse(server), DNS_PORT)));
        return servers;
    }

    static String hostname(ContainerRecord record, ContainerSpec spec) {
        return spec.hostname().filter(h -> !h.isEmpty()).orElse(record.shortId());
    }

    private static void writeFile(Path file, String text) throws EngineException {
        try {
            ContainerFiles.rewriteInPlace(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
