package io.shoal.engine.network;

import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.sandbox.SandboxRef;
import io.shoal.engine.store.EngineStore;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.ipam.IpamDriver;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The engine's network side: {@code docker network …} ({@link NetworkBackend}) and the attachments the container side
 * asks for ({@link NetworkAttachments}), over the network drivers and IPAM drivers (the only caller of the driver
 * SPI), the engine store (each change written before the work it describes) and the DNS (names on user-defined
 * networks). See docs/engine.md, "Networks (engine-core)".
 *
 * <p>Start-up, in this order: {@link #restore()}, then {@link #ensurePredefined()}. Thread-safe: every method may be
 * called concurrently; the bookkeeping is under one monitor never held across a driver, IPAM, store or DNS call.
 * Failures are {@link EngineException}s; a driver's or IPAM's {@code DriverException} keeps its kind and message.
 */
public final class NetworkController implements NetworkBackend, NetworkAttachments {
    private static final System.Logger LOG = System.getLogger(NetworkController.class.getName());

    /**
     * The Linux bridge of the predefined {@code bridge} network: not Docker's {@code docker0}, so a dockerd can run
     * beside Shoal.
     */
    public static final String DEFAULT_BRIDGE_NAME = "shoal0";

    private final NetworkContext context;
    private final NetworkLifecycle networks;
    private final Attachments attachments;
    private final NetworkEvents events = new NetworkEvents();

    /**
     * @param drivers the network drivers by type ({@code DriverRegistry.of(drivers, NetworkDriver::type)}); {@code
     *     bridge} is needed for the predefined network of that name
     * @param ipams the IPAM drivers by type; {@code default} is needed
     * @param store the engine store (collections {@code network} and {@code endpoint})
     * @param names the embedded DNS
     * @param clock gives networks their creation time and prune its now
     */
    public NetworkController(
            DriverRegistry<NetworkDriver> drivers,
            DriverRegistry<IpamDriver> ipams,
            EngineStore store,
            NameService names,
            Clock clock) {
        this(drivers, ipams, store, names, clock, DEFAULT_BRIDGE_NAME);
    }

    /** As above, with another Linux bridge name for the predefined {@code bridge} network (1–15 bytes). */
    public NetworkController(
            DriverRegistry<NetworkDriver> drivers,
            DriverRegistry<IpamDriver> ipams,
            EngineStore store,
            NameService names,
            Clock clock,
            String defaultBridgeName) {
        this.context = new NetworkContext(drivers, ipams, store, names, clock, new NetworkTable());
        this.networks = new NetworkLifecycle(context, defaultBridgeName);
        this.attachments = new Attachments(context);
    }

    /**
     * Loads the stored networks and endpoints and cleans up what a crash left half done (see {@link NetworkRestore}).
     * Call once, before anything else and after the drivers have restored themselves.
     *
     * @throws EngineException when the store cannot be read
     */
    public void restore() throws EngineException {
        new NetworkRestore(context, networks, attachments).run();
    }

    /**
     * Creates the predefined networks that are missing ({@code bridge}, {@code host}, {@code none}); the ones restored
     * keep their ids. Call after {@link #restore()}.
     *
     * @throws EngineException when the {@code bridge} driver or the default IPAM driver is missing or refuses
     */
    public void ensurePredefined() throws EngineException {
        networks.ensurePredefined();
    }

    /**
     * Waits until every network removed so far is gone from the kernel too (drivers that finish their teardown after
     * {@code deleteNetwork} returns, SPI {@code DeferredTeardown}); call before the engine exits.
     *
     * @param timeout how long to wait at most
     * @throws EngineException UNAVAILABLE when the timeout passed first (the teardown goes on); INTERNAL naming what
     *     a driver could not remove
     */
    public void awaitTeardown(Duration timeout) throws EngineException {
        networks.awaitTeardown(timeout);
    }

    @Override
    public NetworkView create(NetworkSpec spec) throws EngineException {
        NetworkView created = Views.network(networks.create(spec), List.of());
        events.publish("create", created);
        return created;
    }

    /** From now on, what happens to networks is published to {@code bus} ({@code docker events}). */
    public void publishEventsTo(io.shoal.engine.events.EventBus bus) {
        events.sink.to(bus);
    }

    @Override
    public List<NetworkView> list(Filters filters) throws EngineException {
        Predicate<NetworkView> test = NetworkFilters.forList(filters);
        List<NetworkView> out = new ArrayList<>();
        for (NetworkTable.Member member : context.table().members()) {
            NetworkView view = Views.network(member.network(), member.endpoints());
            if (test.test(view)) {
                out.add(view);
            }
        }
        return out;
    }

    @Override
    public NetworkView inspect(String idOrName) throws EngineException {
        NetworkTable.Member member = context.table().member(idOrName);
        return Views.network(member.network(), member.endpoints());
    }

    @Override
    public void remove(String idOrName) throws EngineException {
        NetworkView network = inspect(idOrName);
        networks.remove(idOrName);
        events.publish("destroy", network);
    }

    @Override
    public List<String> prune(Filters filters) throws EngineException {
        Predicate<NetworkView> test =
                NetworkFilters.forPrune(filters, context.clock().instant());
        List<String> removed = new ArrayList<>();
        for (NetworkTable.Member member : context.table().members()) {
            NetworkView view = Views.network(member.network(), member.endpoints());
            if (view.builtin() || !view.containers().isEmpty() || !test.test(view)) {
                continue;
            }
            try {
                networks.remove(view.id());
                removed.add(view.name());
            } catch (EngineException e) {
                // As Docker's prune: a network that gained an endpoint meanwhile, or could not be removed, is skipped.
                LOG.log(Level.WARNING, "prune: network " + view.name() + " not removed: " + e.getMessage(), e);
            }
        }
        return removed;
    }

    /**
     * As {@link #inspect}, without the view's {@code containers}: the container side reads only the network's own
     * fields, and building one endpoint view per container on the network made every connect, disconnect and start on
     * a network of n containers cost O(n).
     */
    @Override
    public NetworkView find(String idOrName) throws EngineException {
        return Views.network(context.table().find(idOrName), List.of());
    }

    @Override
    public EndpointView attach(SandboxRef sandbox, String networkId, EndpointSettings settings, String interfaceName)
            throws EngineException {
        EndpointView endpoint = attachments.attach(sandbox, networkId, settings, interfaceName);
        events.publish("connect", find(networkId), Map.of("container", sandbox.containerId()));
        return endpoint;
    }

    @Override
    public void detach(String containerId, String networkId) throws EngineException {
        attachments.detach(containerId, networkId);
        events.publish("disconnect", find(networkId), Map.of("container", containerId));
    }

    @Override
    public List<PublishedPort> programPorts(String containerId, String networkId, List<PortRequest> ports)
            throws EngineException {
        return attachments.programPorts(containerId, networkId, ports);
    }

    @Override
    public List<EndpointView> endpointsOf(String containerId) {
        return context.table().attachmentsOf(containerId).stream()
                .map(a -> Views.endpoint(a.network(), a.endpoint()))
                .toList();
    }

    @Override
    public List<EndpointView> endpoints() {
        return context.table().members().stream()
                .flatMap(m -> m.endpoints().stream().map(e -> Views.endpoint(m.network(), e)))
                .toList();
    }
}
