package io.shoal.engine.network;

import static io.shoal.engine.network.DriverErrors.removeIdempotently;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.sandbox.SandboxRef;
import io.shoal.engine.store.Change;
import io.shoal.engine.undo.Undo;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ExternalConnectivity;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.PortBinding;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.IpamDriver;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attach, detach and published ports. Attach: endpoint record CREATING, addresses (IPAM), the driver's endpoint and
 * join, DNS names, record JOINED; a failure undoes the steps done, newest first. Detach: DNS withdrawn, record
 * DELETING, ports revoked, leave, endpoint deleted, addresses released, record deleted; each removal step counts an
 * object already gone as removed, so a detach that failed half-way can be tried again. Inside the caller's unit of
 * work ({@link io.shoal.engine.store.EngineStore#beginUnit}) the engine's records wait for the driver's intent
 * (JOINING, LEAVING), which commits them with it before the kernel work; outcomes wait for the unit's end.
 */
final class Attachments {
    private static final System.Logger LOG = System.getLogger(Attachments.class.getName());

    /** How many sets of chosen host ports are tried before a driver's CONFLICT is given up to the caller. */
    static final int PORT_ATTEMPTS = 16;

    private final NetworkContext context;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger portCursor = new AtomicInteger();

    Attachments(NetworkContext context) {
        this.context = context;
    }

    /** Makes later endpoints sort after {@code last} (attach order survives a restart). */
    void continueAfter(long last) {
        sequence.accumulateAndGet(last, Math::max);
    }

    private record Allocated(String poolId, IpPrefix address) {}

    EndpointView attach(SandboxRef sandbox, String networkIdOrName, EndpointSettings settings, String interfaceName)
            throws EngineException {
        NetworkRecord network = context.table().find(networkIdOrName);
        check(network, settings);
        EndpointRecord creating = new EndpointRecord(
                Ids.random(),
                network.id(),
                sandbox.containerId(),
                sandbox.containerName(),
                sandbox.hostname(),
                interfaceName,
                sequence.incrementAndGet(),
                EndpointPhase.CREATING,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                settings.aliases(),
                List.of());
        context.table().beginAttach(network.id(), sandbox.containerId(), sandbox.containerName(), n -> creating);
        Undo undo = new Undo();
        undo.onFailure("forget endpoint " + creating.id(), () -> context.table().dropEndpoint(creating));
        try {
            EndpointRecord joined = NetworkNames.modelled(network.driver())
                    ? creating.inPhase(EndpointPhase.JOINED)
                    : plug(network, creating, sandbox, settings, undo);
            context.store().applyLater(List.of(Change.put(Records.ENDPOINTS, joined.id(), joined)));
            context.table().updateEndpoint(joined);
            // Inside a unit, JOINED and the driver's outcome are durable only once the unit commits: until then this
            // undo stays armed, as it was for the outcome's own write before units.
            context.store()
                    .onFailedCommit(
                            "attach " + sandbox.containerName() + " to " + network.name(),
                            () -> undoUnlessGone(joined, undo));
            return Views.endpoint(network, joined);
        } catch (EngineException e) {
            throw undo.rollBack(e);
        } catch (RuntimeException e) {
            throw undo.rollBack(e);
        }
    }

    /** Runs an attach's undo after its unit's commit failed, unless a later step took the endpoint back already. */
    private void undoUnlessGone(EndpointRecord joined, Undo undo) throws EngineException {
        if (!context.table().holds(joined)) {
            return;
        }
        EngineException failed = undo.rollBack(new EngineException(
                ErrorKind.INTERNAL, "taking back endpoint " + joined.id() + " after its unit's commit failed"));
        if (failed.getSuppressed().length > 0) {
            throw failed;
        }
    }

    /** Everything of an attach between the CREATING record and the JOINED one, each step with its undo. */
    private EndpointRecord plug(
            NetworkRecord network, EndpointRecord creating, SandboxRef sandbox, EndpointSettings settings, Undo undo)
            throws EngineException {
        String endpointId = creating.id();
        // Inside a unit of work this waits for the driver's JOINING, which commits both before it plugs anything.
        context.store().applyLater(List.of(Change.put(Records.ENDPOINTS, endpointId, creating)));
        undo.onFailure("delete the record of endpoint " + endpointId, () -> context.store()
                .apply(List.of(Change.delete(Records.ENDPOINTS, endpointId))));
        IpamDriver ipam = context.ipam(network.ipamDriver());
        NetworkDriver driver = context.driver(network.driver());
        Optional<Allocated> v4 = allocate(ipam, network, false, settings, undo);
        Optional<Allocated> v6 = allocate(ipam, network, true, settings, undo);
        EndpointInfo info = DriverErrors.call(() -> driver.createEndpoint(new EndpointConfig(
                network.id(),
                endpointId,
                v4.map(Allocated::address),
                v6.map(Allocated::address),
                settings.mac(),
                DriverOptions.of(settings.driverOptions()))));
        undo.onFailure(
                "delete endpoint " + endpointId + " in its driver",
                () -> removeIdempotently(() -> driver.deleteEndpoint(network.id(), endpointId)));
        // The container side sets the sandbox's default routes itself (SandboxHost), so no join is a gateway join.
        DriverErrors.call(() -> driver.join(new JoinRequest(
                network.id(),
                endpointId,
                new io.shoal.spi.SandboxRef(sandbox.containerId(), sandbox.namespacePath()),
                creating.interfaceName(),
                false)));
        undo.onFailure(
                "leave endpoint " + endpointId, () -> removeIdempotently(() -> driver.leave(network.id(), endpointId)));
        EndpointRecord joined = new EndpointRecord(
                endpointId,
                network.id(),
                creating.containerId(),
                creating.containerName(),
                creating.hostname(),
                creating.interfaceName(),
                creating.sequence(),
                EndpointPhase.JOINED,
                Optional.of(info.mac().toString()),
                v4.map(a -> a.address().toString()),
                v4.map(Allocated::poolId),
                v6.map(a -> a.address().toString()),
                v6.map(Allocated::poolId),
                creating.aliases(),
                List.of());
        if (Views.hasDns(network)) {
            publish(network, joined);
            undo.onFailure("withdraw DNS names of " + creating.containerName(), () -> context.names()
                    .withdraw(network.name(), creating.containerId()));
        }
        return joined;
    }

    private void publish(NetworkRecord network, EndpointRecord endpoint) {
        List<String> leftOut = context.names().publish(network.name(), StoredNames.entryOf(endpoint));
        if (!leftOut.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "container " + endpoint.containerName() + " on network " + network.name()
                            + ": names left out of DNS (not valid DNS names): " + leftOut);
        }
    }

    /** Re-publishes a restored endpoint's names (the DNS keeps no state across restarts). */
    void republish(NetworkRecord network, EndpointRecord endpoint) {
        if (Views.hasDns(network)) {
            publish(network, endpoint);
        }
    }

    /** Docker's checks of an attach request against the network, before anything is changed. */
    private static void check(NetworkRecord network, EndpointSettings settings) throws EngineException {
        if (!settings.aliases().isEmpty() && network.builtin()) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "network-scoped alias is supported only for containers in user defined networks");
        }
        if (settings.ipv4().isEmpty() && settings.ipv6().isEmpty()) {
            return;
        }
        if (network.builtin()) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "user specified IP address is supported on user defined networks only");
        }
        checkFixed(network, settings.ipv4(), false);
        checkFixed(network, settings.ipv6(), true);
    }

    private static void checkFixed(NetworkRecord network, Optional<InetAddress> fixed, boolean v6)
            throws EngineException {
        if (fixed.isEmpty()) {
            return;
        }
        InetAddress address = fixed.get();
        String text = IpAddresses.format(address);
        if (v6 != (address instanceof Inet6Address)) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    text + " is not an " + (v6 ? "IPv6" : "IPv4") + " address; give it as the "
                            + (v6 ? "IPv6 (--ip6)" : "IPv4 (--ip)") + " address");
        }
        List<PoolRecord> family =
                network.pools().stream().filter(p -> p.v6() == v6).toList();
        if (v6 && family.isEmpty()) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "network " + network.name() + " has no IPv6 subnet, so " + text
                            + " cannot be given; create the network with --ipv6");
        }
        if (family.stream().noneMatch(PoolRecord::userSubnet)) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "user specified IP address is supported only when connecting to networks with user configured"
                            + " subnets");
        }
        List<String> userSubnets = family.stream()
                .filter(PoolRecord::userSubnet)
                .map(PoolRecord::subnet)
                .toList();
        if (userSubnets.stream().noneMatch(s -> IpPrefix.parse(s).contains(address))) {
            // Docker 25's text, then what it leaves to the reader to look up: the network and its subnets.
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "no configured subnet or ip-range contain the IP address " + text + " (network " + network.name()
                            + ", " + (userSubnets.size() == 1 ? "subnet " : "subnets ")
                            + String.join(", ", userSubnets) + ")");
        }
    }

    /**
     * One address of the family: the fixed one from the user subnet holding it, else the next free one of the first
     * pool that has one (a full pool, UNAVAILABLE, passes to the next).
     */
    private static Optional<Allocated> allocate(
            IpamDriver ipam, NetworkRecord network, boolean v6, EndpointSettings settings, Undo undo)
            throws EngineException {
        List<PoolRecord> family =
                network.pools().stream().filter(p -> p.v6() == v6).toList();
        if (family.isEmpty()) {
            return Optional.empty();
        }
        Optional<InetAddress> fixed = v6 ? settings.ipv6() : settings.ipv4();
        Allocated allocated = null;
        DriverException last = null;
        for (PoolRecord pool : family) {
            if (fixed.isPresent()
                    && !(pool.userSubnet() && IpPrefix.parse(pool.subnet()).contains(fixed.get()))) {
                continue;
            }
            AddressRequest request = new AddressRequest(pool.poolId(), fixed, settings.mac(), Map.of());
            try {
                allocated = new Allocated(
                        pool.poolId(), ipam.requestAddress(request).address());
                break;
            } catch (DriverException e) {
                if (fixed.isPresent() || e.kind() != io.shoal.spi.ErrorKind.UNAVAILABLE) {
                    throw DriverErrors.translate(e);
                }
                last = e;
            }
        }
        if (allocated == null) {
            throw last != null
                    ? DriverErrors.translate(last)
                    : new EngineException(ErrorKind.INTERNAL, "no pool of network " + network.name() + " to use");
        }
        Allocated done = allocated;
        undo.onFailure(
                "release address " + done.address(),
                () -> removeIdempotently(
                        () -> ipam.releaseAddress(done.poolId(), done.address().address())));
        return Optional.of(done);
    }

    void detach(String containerId, String networkIdOrName) throws EngineException {
        NetworkTable.Attachment attachment = context.table().beginDetach(containerId, networkIdOrName);
        NetworkRecord network = attachment.network();
        EndpointRecord endpoint = attachment.endpoint();
        if (Views.hasDns(network)) {
            // First, so a departing container is gone from answers before anything else changes.
            context.names().withdraw(network.name(), containerId);
        }
        EndpointRecord deleting = endpoint.inPhase(EndpointPhase.DELETING);
        List<Change> intent = List.of(Change.put(Records.ENDPOINTS, deleting.id(), deleting));
        try {
            // Without published ports the first kernel work is the driver's leave, whose LEAVING commits this too;
            // revoking ports changes rules first, so then the intent is committed at once.
            if (endpoint.ports().isEmpty()) {
                context.store().applyLater(intent);
            } else {
                context.store().apply(intent);
            }
        } catch (EngineException | RuntimeException e) {
            context.table().updateEndpoint(endpoint);
            if (endpoint.phase() == EndpointPhase.JOINED) {
                republish(network, endpoint);
            }
            throw e;
        }
        unplug(network, endpoint);
        context.store().applyLater(List.of(Change.delete(Records.ENDPOINTS, endpoint.id())));
        context.table().dropEndpoint(endpoint);
        // Inside a unit the removal is durable only once the unit commits; if that fails the store still names the
        // endpoint DELETING, and so does the table again: a retried detach (or the next restore) finishes it.
        context.store()
                .onFailedCommit(
                        "forget endpoint " + endpoint.id() + " of " + endpoint.containerName(),
                        () -> context.table().putBack(deleting));
    }

    /** Revoke, leave, delete and release: each step counts an object already gone as done. */
    void unplug(NetworkRecord network, EndpointRecord endpoint) throws EngineException {
        if (NetworkNames.modelled(network.driver())) {
            return;
        }
        NetworkDriver driver = context.driver(network.driver());
        if (!endpoint.ports().isEmpty() && driver instanceof ExternalConnectivity connectivity) {
            removeIdempotently(() -> connectivity.revokeExternalConnectivity(network.id(), endpoint.id()));
        }
        removeIdempotently(() -> driver.leave(network.id(), endpoint.id()));
        removeIdempotently(() -> driver.deleteEndpoint(network.id(), endpoint.id()));
        releaseAddresses(network, endpoint);
    }

    void releaseAddresses(NetworkRecord network, EndpointRecord endpoint) throws EngineException {
        IpamDriver ipam = context.ipam(network.ipamDriver());
        release(ipam, endpoint.poolV4(), endpoint.ipv4());
        release(ipam, endpoint.poolV6(), endpoint.ipv6());
    }

    private static void release(IpamDriver ipam, Optional<String> poolId, Optional<String> address)
            throws EngineException {
        if (poolId.isPresent() && address.isPresent()) {
            InetAddress plain = IpPrefix.parse(address.get()).address();
            removeIdempotently(() -> ipam.releaseAddress(poolId.get(), plain));
        }
    }

    List<PublishedPort> programPorts(String containerId, String networkIdOrName, List<PortRequest> requests)
            throws EngineException {
        NetworkTable.Attachment attachment = context.table().joined(containerId, networkIdOrName);
        NetworkRecord network = attachment.network();
        EndpointRecord endpoint = attachment.endpoint();
        if (NetworkNames.modelled(network.driver())) {
            return List.of();
        }
        if (!(context.driver(network.driver()) instanceof ExternalConnectivity connectivity)) {
            return List.of();
        }
        HostPortPicker picker = new HostPortPicker(portCursor, context.table().hostPortsInUse(endpoint.id()));
        List<PublishedPort> chosen = publish(connectivity, network, endpoint, requests, picker, context.table());
        EndpointRecord updated =
                endpoint.withPorts(chosen.stream().map(Attachments::portRecord).toList());
        try {
            context.store().apply(List.of(Change.put(Records.ENDPOINTS, updated.id(), updated)));
        } catch (EngineException | RuntimeException e) {
            List<PortBinding> before =
                    endpoint.ports().stream().map(Attachments::binding).toList();
            try {
                connectivity.programExternalConnectivity(network.id(), endpoint.id(), before);
            } catch (DriverException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        context.table().updateEndpoint(updated);
        return chosen;
    }

    /** Programs the driver, choosing other host ports after a CONFLICT when the engine chose any. */
    private static List<PublishedPort> publish(
            ExternalConnectivity connectivity,
            NetworkRecord network,
            EndpointRecord endpoint,
            List<PortRequest> requests,
            HostPortPicker picker,
            NetworkTable table)
            throws EngineException {
        for (int attempt = 1; ; attempt++) {
            List<PublishedPort> chosen = picker.choose(requests);
            List<PortBinding> bindings =
                    chosen.stream().map(Attachments::binding).toList();
            try {
                connectivity.programExternalConnectivity(network.id(), endpoint.id(), bindings);
                return chosen;
            } catch (DriverException e) {
                boolean retry = e.kind() == io.shoal.spi.ErrorKind.CONFLICT
                        && HostPortPicker.hasChoice(requests)
                        && attempt < PORT_ATTEMPTS;
                if (!retry) {
                    throw refusedPorts(e, endpoint, chosen, table);
                }
                picker.refused(requests, chosen);
            }
        }
    }

    /**
     * The driver's refusal in Docker's words ("driver failed programming external connectivity on endpoint NAME
     * (ID): …"), naming the container that holds a refused port when the engine knows it.
     */
    private static EngineException refusedPorts(
            DriverException e, EndpointRecord endpoint, List<PublishedPort> chosen, NetworkTable table) {
        String holder = "";
        if (e.kind() == io.shoal.spi.ErrorKind.CONFLICT) {
            holder = chosen.stream()
                    .map(p -> table.hostPortHolder(
                            endpoint.id(), p.containerPort().protocol(), p.hostPort()))
                    .flatMap(Optional::stream)
                    .findFirst()
                    .map(name -> " (held by container " + name + ")")
                    .orElse("");
        }
        return new EngineException(
                DriverErrors.kind(e.kind()),
                "driver failed programming external connectivity on endpoint " + endpoint.containerName() + " ("
                        + endpoint.id() + "): " + e.getMessage() + holder,
                e);
    }

    private static PortBinding binding(PublishedPort port) {
        return new PortBinding(
                PortBinding.Protocol.valueOf(port.containerPort().protocol().toUpperCase(Locale.ROOT)),
                port.hostAddress(),
                port.hostPort(),
                port.containerPort().port());
    }

    private static PortBinding binding(PortRecord port) {
        return new PortBinding(
                PortBinding.Protocol.valueOf(port.protocol().toUpperCase(Locale.ROOT)),
                port.hostAddress().map(IpAddresses::parse),
                port.hostPort(),
                port.containerPort());
    }

    private static PortRecord portRecord(PublishedPort port) {
        return new PortRecord(
                port.containerPort().protocol(),
                port.hostAddress().map(IpAddresses::format),
                port.hostPort(),
                port.containerPort().port());
    }
}
