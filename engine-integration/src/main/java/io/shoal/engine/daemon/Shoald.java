package io.shoal.engine.daemon;

import io.shoal.dns.placement.EmbeddedDns;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.engine.api.ApiServer;
import io.shoal.engine.api.EngineInfo;
import io.shoal.engine.api.EngineRoutes;
import io.shoal.engine.api.HostInfo;
import io.shoal.engine.api.Router;
import io.shoal.engine.api.RuntimeVersions;
import io.shoal.engine.container.ContainerController;
import io.shoal.engine.container.EarlyDns;
import io.shoal.engine.containerd.ContainerdRuntime;
import io.shoal.engine.containerd.ContainerdSettings;
import io.shoal.engine.containerd.ContainerdWatch;
import io.shoal.engine.containerd.PrivateContainerd;
import io.shoal.engine.containerd.RuncVersion;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.events.EventBus;
import io.shoal.engine.image.ImageController;
import io.shoal.engine.netns.MarkedNamespaces;
import io.shoal.engine.netns.NetlinkSandboxHost;
import io.shoal.engine.network.NetworkController;
import io.shoal.engine.resolver.EarlyDnsFiles;
import io.shoal.engine.resolver.EmbeddedDnsNameService;
import io.shoal.engine.resolver.HostResolverFile;
import io.shoal.engine.resolver.ResolverPortFiles;
import io.shoal.engine.resolver.SideFileSeed;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.sqlite.SharedDatabase;
import io.shoal.engine.sqlite.SqliteDriverStore;
import io.shoal.engine.sqlite.SqliteEngineStore;
import io.shoal.engine.tar.TarRootfsUnpacker;
import io.shoal.ipam.IpamConfig;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.NetworkDriverProvider;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.IpamDriver;
import io.shoal.spi.ipam.IpamDriverProvider;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * shoald, Shoal's engine daemon. {@link #start} brings the engine up in a fixed order, logging one line per step:
 * data root layout (and pid file) → embedded DNS → early DNS from the side files ({@link SideFileSeed}) → store →
 * early DNS ({@link EarlyDns}: the stored names and the running containers' resolvers, replacing the seed) → IPAM → network drivers → containerd → controllers → API server → {@code shoald
 * ready}. {@link #close} takes it down in the reverse order (API first, so no request arrives
 * half way); containers keep running (removing them is {@code ./shoal down}'s job), a private containerd is stopped
 * (its shims, and so the containers, outlive it).
 *
 * <p>{@link #main} adds the process around it: flags ({@link ShoaldConfig}), logging ({@link ShoaldLogging}), and a
 * shutdown hook, so SIGTERM or SIGINT stop it in order. After a signal the JVM's exit status is 128 + the signal's
 * number (143 for SIGTERM), as for any Java program ended by a signal.
 */
public final class Shoald implements DaemonMain.Daemon {
    private static final Duration CONTAINERD_START = Duration.ofSeconds(30);
    private static final long API_HANDLER_KEEP_ALIVE_SECONDS = 5;
    private static final Duration CONTAINERD_STOP = Duration.ofSeconds(10);
    private static final Duration DRIVER_TEARDOWN = Duration.ofSeconds(10);
    private static final String CONTAINERD_BINARY = "containerd";
    /** How often a running container's output files are read for attach and logs -f. */
    private static final Duration OUTPUT_POLL_INTERVAL = Duration.ofMillis(50);

    private final System.Logger log = System.getLogger(Shoald.class.getName());
    private final ShoaldConfig config;
    private final DataRootLayout layout;
    private final StopSteps undo = new StopSteps(log);
    private final List<ApiServer> servers = new ArrayList<>();
    /** The one connection to DATA_ROOT/shoal.db that the engine store, the drivers' stores and IPAM share. */
    private SharedDatabase database;

    /** Set once shoald served: from then on its stop leaves the private containerd running. */
    private volatile boolean ready;

    /** A daemon that will run with {@code config}; nothing starts before {@link #start}. */
    public Shoald(ShoaldConfig config) {
        this.config = config;
        this.layout = new DataRootLayout(config.dataRoot());
    }

    /**
     * Runs shoald until SIGTERM or SIGINT. Exit status 2 for a flag it cannot use (the message names it), 1 when a
     * start-up step fails (logged), 143 after SIGTERM.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("plugin")) {
            PluginDaemon.main(List.of(args).subList(1, args.length)); // docs/plugin.md
            return;
        }
        DaemonMain.run(
                "shoald",
                List.of(args),
                ShoaldConfig::parse,
                ShoaldConfig.usage(),
                ShoaldConfig::logLevel,
                Shoald::new);
    }

    /** The data root's paths. */
    public DataRootLayout layout() {
        return layout;
    }

    /** The API servers' sockets. */
    public List<Path> sockets() {
        return servers.stream().map(ApiServer::socket).toList();
    }

    /**
     * Starts every part in order; on a failure, what was started is stopped again and the failure thrown, naming the
     * step.
     */
    @Override
    public void start() throws Exception {
        try {
            startSteps();
        } catch (Exception | Error e) {
            log.log(Level.ERROR, "shoald failed to start: " + (e instanceof Error ? e : e.getMessage()), e);
            close();
            throw e;
        }
    }

    private void startSteps() throws Exception {
        prepareDataRoot();
        EmbeddedDns dns = EmbeddedDns.start(ResolverSettings.defaults());
        onClose("embedded DNS stopped", dns);
        EarlyDnsFiles sideFiles = new EarlyDnsFiles(layout.earlyDnsFiles());
        // Closed after the API and the container resolvers: the files left for the next start are then current.
        onClose("early DNS side files written", sideFiles);
        EmbeddedDnsNameService names = new EmbeddedDnsNameService(
                dns, Optional.of(new ResolverPortFiles(layout.resolverPorts())), Optional.of(sideFiles));
        // The containers run on: their DNAT rules and recorded ports stay for the next start (docs/engine.md).
        onClose("container resolvers stopped (their DNS redirects kept)", names::releaseAll);
        List<InetSocketAddress> upstreams = config.dns().stream()
                .map(address -> new InetSocketAddress(address, 53))
                .toList();
        // Chosen once, as dockerd does: a host moving to or from systemd-resolved's stub counts from the next start.
        HostResolverFile resolverFile = HostResolverFile.choose();
        say(resolverFile.describe());
        say("embedded DNS: started; upstreams " + (upstreams.isEmpty() ? "from " + resolverFile.path() : upstreams));
        // DNS first, before the store: the side files alone give the running containers' names and namespaces.
        SideFileSeed.Seeded seeded = SideFileSeed.seed(sideFiles, names);
        say("early DNS from side files: " + seeded.files() + " read, " + seeded.endpoints() + " endpoints published, "
                + seeded.resolvers() + " container resolvers attached"
                + (seeded.failed() == 0 ? "" : ", " + seeded.failed() + " failed") + ProcessCpu.suffix());

        database = SharedDatabase.open(layout.database(), Duration.ofSeconds(5));
        onClose("database closed", database);
        SqliteEngineStore store = SqliteEngineStore.over(database);
        onClose("store closed", store);
        say("store: " + layout.database() + " (table engine_records)" + ProcessCpu.suffix());

        NetlinkSandboxHost sandboxes =
                new NetlinkSandboxHost(NetlinkSandboxHost.PREFIX, layout.namespaceMarkers(), resolverFile.path());
        // The store is the truth: its names replace the seeded ones, what it does not hold is taken back.
        EarlyDns.Served early = new EarlyDns(store, names, sandboxes).serve(seeded.names());
        say("early DNS: " + early.endpoints() + " endpoints published, " + early.resolvers()
                + " container resolvers attached" + (early.failed() == 0 ? "" : ", " + early.failed() + " failed")
                + (early.corrected() == 0 ? "" : ", " + early.corrected() + " seeded names or resolvers taken back")
                + ProcessCpu.suffix());

        NetworkNamespace host = NetworkNamespace.current();
        onClose("host namespace handle closed", host);
        IpamDriver ipam = startIpam(host);
        Map<String, NetworkDriver> drivers = new LinkedHashMap<>();
        DriverRegistry<NetworkDriverProvider> driverTypes = startDrivers(host, drivers);

        ContainerdRuntime runtime = startContainerd();

        EngineServices services = new EngineServices(
                config,
                layout,
                store,
                ipam,
                Map.copyOf(drivers),
                driverTypes,
                names,
                upstreams,
                sandboxes,
                new TarRootfsUnpacker(),
                runtime);
        startApi(wireControllers(services).guardedBy(DataRootGuard.of(layout.directory())));
        ready = true;
        say("shoald ready");
    }

    /**
     * The one place where the engine's controllers are made from the started services, restored from the store and
     * reconciled with the runtime, and given to the Engine API's routes. Order: networks (drivers have restored
     * themselves when they were made), the predefined networks, images, then containers, whose restore needs both.
     */
    private Router wireControllers(EngineServices services) throws EngineException {
        Clock clock = Clock.systemUTC();
        EventBus events = new EventBus(clock);
        NetworkController networks = new NetworkController(
                DriverRegistry.of(services.drivers().values(), NetworkDriver::type),
                DriverRegistry.of(List.of(services.ipam()), IpamDriver::type),
                services.store(),
                services.names(),
                clock);
        networks.restore();
        networks.ensurePredefined();
        networks.publishEventsTo(events);
        say("networks: restored, predefined bridge (Linux bridge " + NetworkController.DEFAULT_BRIDGE_NAME
                + "), host and none present");

        AtomicReference<ContainerController> containersRef = new AtomicReference<>();
        ImageController images = new ImageController(
                services.store(),
                services.unpacker(),
                layout.directory(),
                imageId -> Optional.ofNullable(containersRef.get()).flatMap(c -> c.containerUsing(imageId)),
                clock);
        images.restore();
        images.publishEventsTo(events);
        say("images: restored from " + layout.directory().resolve("images"));

        ContainerController containers = new ContainerController(
                services.store(),
                services.runtime(),
                networks,
                services.sandboxes(),
                services.names(),
                images,
                layout.directory(),
                clock,
                OUTPUT_POLL_INTERVAL);
        containersRef.set(containers);
        onClose("container output readers stopped", containers);
        containers.restore();
        containers.publishEventsTo(events);
        say("containers: restored and reconciled with containerd");
        removeOrphanedNamespaces(services);

        return EngineRoutes.router(
                EngineInfo.current(),
                HostInfo.current(layout.directory()),
                networks,
                containers,
                images,
                clock,
                runtimeVersions(services),
                events);
    }

    /**
     * Sandbox namespaces with Shoal's marker that no stored container owns (docs/engine.md, "Restart"); the drivers
     * swept their own marked links when they restored.
     */
    private void removeOrphanedNamespaces(EngineServices services) throws EngineException {
        if (!(services.sandboxes() instanceof NetlinkSandboxHost host)) {
            return;
        }
        Set<String> owned = services.store().load(ContainerController.CONTAINERS).keySet().stream()
                .map(id -> id.substring(0, Math.min(12, id.length())))
                .collect(Collectors.toSet());
        int removed = new MarkedNamespaces(host, NetlinkSandboxHost.PREFIX, layout.namespaceMarkers())
                .removeOrphans(owned)
                .size();
        say("sandbox namespaces: " + removed + " orphaned removed");
    }

    /** containerd's version (its Version service) and runc's ({@code runc --version}), for {@code docker info}. */
    private RuntimeVersions runtimeVersions(EngineServices services) {
        String[] containerd = {"", ""};
        if (services.runtime() instanceof ContainerdRuntime runtime) {
            try {
                String[] parts = runtime.version().split(" ", 2);
                containerd = new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
            } catch (ContainerRuntimeException e) {
                log.log(Level.WARNING, "containerd's version is unknown", e);
            }
        }
        RuncVersion runc = RuncVersion.of("runc").orElse(new RuncVersion("", ""));
        return new RuntimeVersions(containerd[0], containerd[1], runc.version(), runc.commit());
    }

    private void prepareDataRoot() throws IOException {
        layout.prepare();
        Optional<ProcessHandle> other = layout.claim();
        if (other.isPresent()) {
            throw new IOException("another shoald (pid " + other.get().pid() + ") runs on the data root "
                    + layout.directory() + "; stop it first");
        }
        onClose("pid file removed", layout::release);
        say("data root: " + layout.directory() + " ready, pid "
                + ProcessHandle.current().pid() + " in " + layout.pidFile());
    }

    private IpamDriver startIpam(NetworkNamespace host) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!config.defaultAddressPools().isEmpty()) {
            settings.put(IpamConfig.DEFAULT_ADDRESS_POOLS, String.join(";", config.defaultAddressPools()));
        }
        Path state = Files.createDirectories(layout.driverState("ipam"));
        Map<Class<?>, Object> services = Map.of(
                HostRoutes.class,
                new NetlinkHostRoutes(host),
                DataSource.class,
                database.dataSource(),
                Lock.class,
                database.lock(),
                io.shoal.ipam.DeferredWrites.class,
                database.ipamWrites());
        IpamDriver ipam = DriverRegistry.load(IpamDriverProvider.class, classLoader(), IpamDriverProvider::type)
                .require("default")
                .create(new DriverContext(state, settings, services));
        if (ipam instanceof AutoCloseable closeable) {
            onClose("IPAM closed", closeable);
        }
        say("IPAM: driver default, pools "
                + (config.defaultAddressPools().isEmpty() ? "Docker's defaults" : config.defaultAddressPools()));
        return ipam;
    }

    private DriverRegistry<NetworkDriverProvider> startDrivers(
            NetworkNamespace host, Map<String, NetworkDriver> drivers) throws IOException {
        List<NetworkDriverProvider> providers = ServiceLoader.load(NetworkDriverProvider.class, classLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        DriverRegistry<NetworkDriverProvider> registry = DriverRegistry.of(providers, NetworkDriverProvider::type);
        for (NetworkDriverProvider provider : providers) {
            String type = provider.type();
            SqliteDriverStore store = SqliteDriverStore.over(database, type);
            onClose("driver " + type + " store closed", store);
            Path state = Files.createDirectories(layout.driverState(type));
            NetworkDriver driver = provider.create(
                    new DriverContext(state, Map.of(), Map.of(NetworkNamespace.class, host, DriverStore.class, store)));
            onClose("driver " + type + " stopped", () -> stopDriver(driver));
            drivers.put(type, driver);
        }
        say("drivers: " + String.join(", ", drivers.keySet()) + " (restored from " + layout.database() + ")");
        return registry;
    }

    private static void stopDriver(NetworkDriver driver) throws Exception {
        if (driver instanceof DeferredTeardown teardown) {
            teardown.awaitTeardown(DRIVER_TEARDOWN);
        }
        if (driver instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private ContainerdRuntime startContainerd() throws ContainerRuntimeException, IOException {
        if (config.containerd().isPresent()) {
            Path socket = config.containerd().get();
            ContainerdRuntime runtime = ContainerdRuntime.connect(new ContainerdSettings(
                    socket,
                    ContainerdSettings.DEFAULT_NAMESPACE,
                    layout.directory().resolve("io"),
                    Optional.empty(),
                    Duration.ofSeconds(10)));
            onClose("containerd client closed", runtime);
            say("containerd: " + runtime.version() + " at " + socket + " (not ours: left running at stop)");
            onClose("containerd watch stopped", ContainerdWatch.external(runtime));
            return runtime;
        }
        Optional<PrivateContainerd> left = PrivateContainerd.adopt(layout.containerd(), CONTAINERD_START);
        PrivateContainerd containerd;
        if (left.isPresent()) {
            containerd = left.get();
        } else {
            try {
                containerd = PrivateContainerd.start(CONTAINERD_BINARY, layout.containerd(), CONTAINERD_START);
            } catch (ContainerRuntimeException e) {
                if (e.kind() == ContainerRuntimeException.Kind.ALREADY_EXISTS) {
                    throw new IOException(e.getMessage() + "; ./shoal down stops it", e);
                }
                throw e;
            }
        }
        // containerd (and through its shims the containers) outlives shoald: a start that failed stops it, a running
        // shoald that stops leaves it for the next shoald to adopt; ./shoal down stops it. The watch may have started
        // another one since: the one running now is meant.
        AtomicReference<PrivateContainerd> running = new AtomicReference<>(containerd);
        onClose(
                () -> ready
                        ? "private containerd left running (pid "
                                + running.get().pid() + ", with the containers)"
                        : "private containerd stopped",
                () -> {
                    if (!ready) {
                        running.get().stop(CONTAINERD_STOP);
                    }
                });
        ContainerdRuntime runtime = ContainerdRuntime.connect(ContainerdSettings.forPrivate(containerd));
        onClose("containerd client closed", runtime);
        say("containerd: private " + runtime.version() + ", pid " + containerd.pid()
                + (containerd.adopted() ? " (adopted: left running by an earlier shoald)" : "") + ", socket "
                + containerd.socket());
        ContainerdWatch watch =
                ContainerdWatch.restarting(containerd, runtime, CONTAINERD_BINARY, CONTAINERD_START, running::set);
        onClose("containerd watch stopped", watch);
        return runtime;
    }

    private void startApi(Router router) throws IOException {
        // A cached pool whose idle threads end after 5 s, not 60: a burst of parallel requests must not leave its
        // threads' stacks resident (~100 KiB each) for a minute.
        ExecutorService handlers = new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                API_HANDLER_KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                named("shoald-api-"));
        onClose("API handlers stopped", () -> {
            handlers.shutdown();
            handlers.awaitTermination(10, TimeUnit.SECONDS);
        });
        GroupPrincipal group = socketGroup();
        for (Path socket : config.hosts()) {
            createSocketDirectory(socket.getParent());
            ApiServer server =
                    ApiServer.start(socket, router, handlers, EngineInfo.current(), ApiServer.DEFAULT_MAX_BODY_BYTES);
            onClose("API server on " + socket + " closed", server);
            servers.add(server);
            Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(group);
            say("API: listening on unix://" + socket + " (mode 0660, group " + config.group() + ")");
        }
    }

    private GroupPrincipal socketGroup() throws IOException {
        try {
            return config.dataRoot()
                    .getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(config.group());
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("--group " + config.group() + ": no such group", e);
        }
    }

    /** /run/shoal and the like: made 0755 and root's when missing, so the socket's brief umask window is closed. */
    private static void createSocketDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Registers {@code action} to run at {@link #close}, before everything registered earlier. */
    public void onClose(String what, AutoCloseable action) {
        onClose(() -> what, action);
    }

    /** As {@link #onClose(String, AutoCloseable)}, the line made when the step runs. */
    private void onClose(Supplier<String> what, AutoCloseable action) {
        undo.push(what, action);
    }

    /** Waits until {@link #close} has finished. */
    @Override
    public void awaitStop() {
        undo.await();
    }

    /** Stops everything {@link #start} started, newest first, each step logged; failures are logged and passed. */
    @Override
    public synchronized void close() {
        if (undo.runAll("shoald stopping", "shoald stopped")) {
            servers.clear();
        }
    }

    private void say(String line) {
        log.log(Level.INFO, line);
    }

    private static ClassLoader classLoader() {
        return Shoald.class.getClassLoader();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
