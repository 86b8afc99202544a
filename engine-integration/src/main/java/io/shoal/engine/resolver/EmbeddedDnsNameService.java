package io.shoal.engine.resolver;

import io.shoal.dns.placement.ContainerResolver;
import io.shoal.dns.placement.EmbeddedDns;
import io.shoal.dns.placement.InvalidDnsOptionException;
import io.shoal.dns.placement.ListenerPorts;
import io.shoal.dns.placement.PortReuse;
import io.shoal.dns.placement.ResolvConf;
import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.LeftOutName;
import io.shoal.dns.records.NetworkDefinition;
import io.shoal.dns.records.NetworkRecords;
import io.shoal.dns.records.NoSuchEndpointException;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.dns.records.Registration;
import io.shoal.dns.records.ReverseLookups;
import io.shoal.engine.dns.DnsEntry;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.SharedNamespaces;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's {@link NameService} over the embedded DNS ({@code io.shoal.dns}): networks and endpoints become the
 * {@link RecordRegistry}'s definitions and {@link EndpointRecord}s, and each container's resolver is a {@link
 * ContainerResolver} in its namespace (opened by path and held open until the resolver is detached).
 *
 * <p>A {@link DnsEntry} maps to an endpoint record one to one: container id, name, hostname, aliases (in order,
 * duplicates dropped) and addresses. Publishing over an existing endpoint replaces it: for a moment between the two
 * steps the container's names on that network are absent.
 *
 * <p>Thread-safe. Record changes are serialized here (a replace is a leave and a join that no other change may split);
 * resolvers are per container and attached outside that lock, since attaching blocks for milliseconds.
 */
public final class EmbeddedDnsNameService implements NameService {
    private static final System.Logger LOG = System.getLogger(EmbeddedDnsNameService.class.getName());

    /** How long a restarted engine waits for its probe through a container's old DNAT rule ({@link PortReuse}). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final EmbeddedDns dns;
    private final Optional<ResolverPortFiles> ports;
    private final Optional<EarlyDnsFiles> sideFiles;
    private final Map<String, Attached> resolvers = new ConcurrentHashMap<>();

    /**
     * A resolver and the namespace handle it answers in, closed together; the path and upstreams it was given; and
     * whether its DNAT rule is known to lead to it (false only for a rule taken on trust by {@link
     * #attachResolverEarly}, until the next attach probes it).
     */
    private record Attached(
            ContainerResolver resolver,
            SharedNamespaces.Lease namespace,
            Path path,
            List<InetSocketAddress> upstreams,
            boolean redirectChecked) {
        Attached checked() {
            return new Attached(resolver, namespace, path, upstreams, true);
        }
    }

    /** Serves over {@code dns}, which the caller started and closes (after {@link #detachAll}). */
    public EmbeddedDnsNameService(EmbeddedDns dns) {
        this(dns, Optional.empty());
    }

    /**
     * As {@link #EmbeddedDnsNameService(EmbeddedDns)}, recording each resolver's ports in {@code ports} so that an
     * engine started again reuses them and the DNAT rule left in the namespace ({@link EmbeddedDns#reattach}).
     */
    public EmbeddedDnsNameService(EmbeddedDns dns, Optional<ResolverPortFiles> ports) {
        this(dns, ports, Optional.empty());
    }

    /**
     * As {@link #EmbeddedDnsNameService(EmbeddedDns, Optional)}, also keeping each attached container's early DNS
     * side file in {@code sideFiles} up to date, for the next start to answer before its store is open.
     */
    public EmbeddedDnsNameService(
            EmbeddedDns dns, Optional<ResolverPortFiles> ports, Optional<EarlyDnsFiles> sideFiles) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.sideFiles = Objects.requireNonNull(sideFiles, "sideFiles");
    }

    @Override
    public void defineNetwork(String networkName, List<IpPrefix> subnets, boolean ownsReverse) {
        dns.records()
                .defineNetwork(NetworkDefinition.of(networkName, subnets)
                        .with(ownsReverse ? ReverseLookups.LOCAL_AUTHORITATIVE : ReverseLookups.FORWARD_UNKNOWN));
        sideFiles.ifPresent(files -> files.defined(networkName, subnets, ownsReverse));
    }

    @Override
    public synchronized void removeNetwork(String networkName) {
        RecordRegistry records = dns.records();
        Optional<NetworkRecords> network = records.network(networkName);
        if (network.isPresent()) {
            for (EndpointRecord endpoint : network.get().endpoints()) {
                leaveIfThere(networkName, endpoint.containerId());
            }
        }
        records.removeNetwork(networkName);
        sideFiles.ifPresent(files -> files.removed(networkName));
    }

    @Override
    public synchronized List<String> publish(String networkName, DnsEntry entry) {
        RecordRegistry records = dns.records();
        EndpointRecord endpoint = new EndpointRecord(
                entry.containerId(),
                entry.containerName(),
                entry.hostname(),
                new LinkedHashSet<>(entry.aliases()),
                entry.addresses());
        leaveIfThere(networkName, entry.containerId());
        Registration registration = records.join(networkName, endpoint);
        sideFiles.ifPresent(files -> files.published(networkName, entry));
        return registration.leftOut().stream().map(LeftOutName::text).distinct().toList();
    }

    @Override
    public synchronized void withdraw(String networkName, String containerId) {
        leaveIfThere(networkName, containerId);
        sideFiles.ifPresent(files -> files.withdrawn(networkName, containerId));
    }

    private void leaveIfThere(String networkName, String containerId) {
        try {
            dns.records().leave(networkName, containerId);
        } catch (NoSuchEndpointException absent) {
            // withdraw and replace are idempotent: nothing to take away
        }
    }

    @Override
    public void attachResolver(String containerId, Path namespace, List<InetSocketAddress> upstreams)
            throws EngineException {
        attach(containerId, namespace, upstreams, true);
    }

    /**
     * As {@link #attachResolver}, but a DNAT rule left by the earlier engine for the recorded ports, bound again, is
     * kept without the probe through it ({@link EmbeddedDns#reattachUnchecked}): one namespace round trip and a
     * query less per container before the store is open. The next {@link #attachResolver} of the container (the
     * store-based step, moments later) probes it and writes the rule if the probe does not come back, so a rule gone
     * meanwhile costs that container its answers until then, as it did before the probe was made.
     */
    @Override
    public void attachResolverEarly(String containerId, Path namespace, List<InetSocketAddress> upstreams)
            throws EngineException {
        attach(containerId, namespace, upstreams, false);
    }

    private void attach(String containerId, Path namespace, List<InetSocketAddress> upstreams, boolean check)
            throws EngineException {
        Attached current = resolvers.get(containerId);
        if (current != null
                && current.path().equals(namespace)
                && current.upstreams().equals(upstreams)) {
            // attached early at the engine's start, attached again by the store-based step or the containers'
            // restore: keep it, checking a rule taken on trust
            if (check && !current.redirectChecked()) {
                checkRedirect(containerId, current);
            }
            return;
        }
        if (current != null) {
            detachResolver(containerId); // a different namespace or upstreams (a retry): start afresh
        }
        // A lease held for the resolver's life: the driver's join and leave and the default routes share it.
        SharedNamespaces.Lease sandbox;
        try {
            sandbox = SharedNamespaces.lease(namespace);
        } catch (KernelException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL,
                    "cannot open the network namespace " + namespace + " of container " + containerId + ": "
                            + e.getMessage(),
                    e);
        }
        try {
            Optional<ListenerPorts> recorded = ports.flatMap(files -> files.read(containerId));
            ContainerResolver resolver = check || recorded.isEmpty()
                    ? dns.reattach(containerId, sandbox.namespace(), upstreams, recorded, PROBE_TIMEOUT)
                    : dns.reattachUnchecked(containerId, sandbox.namespace(), upstreams, recorded.get());
            boolean samePorts = recorded.equals(Optional.of(resolver.ports()));
            if (!samePorts) {
                ports.ifPresent(files -> files.write(containerId, resolver.ports()));
            }
            // Only a rule kept for the recorded ports without a probe is unchecked; new ports got a new rule.
            resolvers.put(
                    containerId,
                    new Attached(resolver, sandbox, namespace, List.copyOf(upstreams), check || !samePorts));
            sideFiles.ifPresent(files -> files.attached(containerId, namespace, upstreams));
        } catch (IOException | RuntimeException e) {
            closeQuietly(sandbox, e);
            throw new EngineException(
                    ErrorKind.INTERNAL,
                    "cannot start the DNS resolver of container " + containerId + " in " + namespace + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Probes the rule of a resolver attached early and writes it if the probe does not come back; the resolver
     * stays attached either way (a failure here leaves it unchecked for the next attach to try again).
     */
    private void checkRedirect(String containerId, Attached current) throws EngineException {
        try {
            dns.checkRedirect(current.resolver(), PROBE_TIMEOUT);
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL,
                    "cannot check the DNS redirect of container " + containerId + " in " + current.path() + ": "
                            + e.getMessage(),
                    e);
        }
        resolvers.replace(containerId, current, current.checked());
    }

    @Override
    public void detachResolver(String containerId) {
        Optional<Attached> attached = forget(containerId);
        if (attached.isEmpty()) {
            return;
        }
        try {
            attached.get().resolver().close();
        } catch (IOException e) {
            // The listener is closed; only the DNAT rule stays, in a namespace that is going away with its container.
            LOG.log(Level.WARNING, "the DNS redirect of container " + containerId + " could not be removed", e);
        }
        closeNamespace(containerId, attached.get());
    }

    /**
     * Closes the listener and the namespace handle but leaves the DNAT rule: the namespace, deleted next, takes it
     * with it. Removing it would cost an nftables commit inside the namespace on a thread entered there, which waits
     * for the kernel (~10 ms, most of a {@code rm -f}'s networking share: docs/performance.md).
     */
    @Override
    public void detachResolverBeforeNamespaceDelete(String containerId) {
        Optional<Attached> attached = forget(containerId);
        if (attached.isPresent()) {
            attached.get().resolver().closeListener();
            closeNamespace(containerId, attached.get());
        }
    }

    /** Drops the container's resolver from the attached ones, its recorded ports and its side file. */
    private Optional<Attached> forget(String containerId) {
        Attached attached = resolvers.remove(containerId);
        ports.ifPresent(files -> files.remove(containerId));
        sideFiles.ifPresent(files -> files.detached(containerId));
        return Optional.ofNullable(attached);
    }

    /**
     * Stops every resolver's listener at an engine stop while the containers run on: their DNAT rules and recorded
     * ports stay, for the next engine to listen on the same ports ({@link EmbeddedDns#reattach}).
     */
    public void releaseAll() {
        for (String containerId : List.copyOf(resolvers.keySet())) {
            Attached attached = resolvers.remove(containerId);
            if (attached != null) {
                attached.resolver().closeListener();
                closeNamespace(containerId, attached);
            }
        }
    }

    private static void closeNamespace(String containerId, Attached attached) {
        try {
            attached.namespace().close();
        } catch (KernelException e) {
            LOG.log(Level.WARNING, "closing the namespace handle of container " + containerId + " failed", e);
        }
    }

    /**
     * The embedded resolver's rule for a container's resolv.conf ({@link ResolvConf#forContainer(List)}, docs/dns.md),
     * with the user's {@code --dns-search} domains, when given, replacing the host's search line (resolv.conf(5): the
     * last search or domain line wins, so one is written).
     */
    @Override
    public String containerResolvConf(String hostText, List<String> search, List<String> options)
            throws EngineException {
        String text;
        try {
            text = ResolvConf.parse(hostText).forContainer(options);
        } catch (InvalidDnsOptionException e) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, e.getMessage(), e);
        }
        if (search.isEmpty()) {
            return text;
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (!line.startsWith("search ") && !line.startsWith("domain ")) {
                lines.add(line);
            }
            if (line.startsWith("nameserver ")) {
                lines.add("search " + String.join(" ", search));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** The host's nameservers a container can reach ({@link ResolvConf#upstreams()}: no loopback, no link-local). */
    @Override
    public List<InetSocketAddress> hostUpstreams(String hostText) {
        return ResolvConf.parse(hostText).upstreams();
    }

    /** Stops every resolver (engine shutdown); containers keep their namespaces. */
    public void detachAll() {
        for (String containerId : List.copyOf(resolvers.keySet())) {
            detachResolver(containerId);
        }
    }

    /** How many resolvers are attached. */
    public int attachedResolvers() {
        return resolvers.size();
    }

    private static void closeQuietly(SharedNamespaces.Lease namespace, Exception failure) {
        try {
            namespace.close();
        } catch (KernelException e) {
            failure.addSuppressed(e);
        }
    }
}
