package io.shoal.engine.daemon;

import io.shoal.engine.plugin.IpamCalls;
import io.shoal.engine.plugin.NetworkDriverCalls;
import io.shoal.engine.plugin.PluginCalls;
import io.shoal.engine.plugin.PluginServer;
import io.shoal.engine.sqlite.SharedDatabase;
import io.shoal.engine.sqlite.SqliteDriverStore;
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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;

/**
 * {@code shoald plugin}: Shoal's network drivers and IPAM served to an existing dockerd as the remote plugin {@code
 * shoal}, and nothing else (no Engine API, containerd, DNS or controllers). Start-up, one log line per step: data
 * root and pid file → the plugin's own records → IPAM → network drivers (each restored from its records) → plugin
 * socket → {@code shoal plugin ready in N ms} (from the JVM's start). Its state is its own data root's SQLite file,
 * never shoald's. Stops on SIGTERM or SIGINT, newest first; networks and endpoints stay (dockerd owns them).
 */
public final class PluginDaemon implements DaemonMain.Daemon {
    private static final Duration DRIVER_TEARDOWN = Duration.ofSeconds(10);
    /** The plugin's records in the drivers' table, under this driver name. */
    static final String STORE_NAME = "remote-plugin";

    private final System.Logger log = System.getLogger(PluginDaemon.class.getName());
    private final PluginConfig config;
    private final DataRootLayout layout;
    private final StopSteps undo = new StopSteps(log);

    public PluginDaemon(PluginConfig config) {
        this.config = config;
        this.layout = new DataRootLayout(config.dataRoot());
    }

    /** Runs the plugin until SIGTERM or SIGINT: exit 2 for a bad flag, 1 when start-up fails. */
    public static void main(List<String> args) {
        DaemonMain.run(
                "shoald plugin",
                args,
                PluginConfig::parse,
                PluginConfig.usage(),
                PluginConfig::logLevel,
                PluginDaemon::new);
    }

    /** Starts every part in order; on a failure what was started is stopped and the failure thrown. */
    @Override
    public void start() throws Exception {
        try {
            startSteps();
        } catch (Exception | Error e) {
            // An Error too (a native library that does not load, a class missing from the class path): its line in the
            // log is all `./shoal plugin up` shows of why the plugin exited.
            log.log(Level.ERROR, "shoal plugin failed to start: " + (e instanceof Error ? e : e.getMessage()), e);
            close();
            throw e;
        }
    }

    private void startSteps() throws Exception {
        layout.prepare();
        Optional<ProcessHandle> other = layout.claim();
        if (other.isPresent()) {
            throw new IOException("another daemon (pid " + other.get().pid() + ") runs on the data root "
                    + layout.directory() + "; stop it first");
        }
        onClose("pid file removed", layout::release);
        say("data root: " + layout.directory() + ", pid "
                + ProcessHandle.current().pid());

        NetworkNamespace host = NetworkNamespace.current();
        onClose("host namespace handle closed", host);
        // One connection for the records, IPAM and every driver, as shoald has (SharedDatabase): a connect's calls
        // commit on IPAM's store (RequestAddress) and the driver's (CreateEndpoint, Join), and with a connection each,
        // every commit on one made the other drop its page cache and read the pages again (sqlite.org/wal.html).
        SharedDatabase database = SharedDatabase.open(layout.database(), Duration.ofSeconds(5));
        onClose("plugin database closed", database);
        SqliteDriverStore records = SqliteDriverStore.over(database, STORE_NAME);
        onClose("plugin records closed", records);
        IpamDriver ipam = startIpam(host, database, records);
        Map<String, NetworkDriver> drivers = startDrivers(host, database);

        PluginCalls calls = new PluginCalls(NetworkDriverCalls.over(drivers, records), new IpamCalls(ipam));
        // One handler thread stays: dockerd's connects come seconds or minutes apart, and each one's first call
        // would otherwise wait for a thread to start, which then has none of Jackson's thread-local buffers yet.
        ExecutorService handlers = new ThreadPoolExecutor(
                1, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), named("shoal-plugin-"));
        onClose("call handlers stopped", () -> {
            handlers.shutdown();
            handlers.awaitTermination(10, TimeUnit.SECONDS);
        });
        Path directory = config.socket().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        PluginServer server = PluginServer.start(config.socket(), calls, handlers);
        onClose("plugin socket " + config.socket() + " closed", server);
        long readyMs = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        say("plugin: listening on " + config.socket() + " (NetworkDriver, IpamDriver)");
        say("shoal plugin ready in " + readyMs + " ms");
    }

    /** The IPAM keeps the references of shared pools in the plugin's records (PoolSharing; docs/plugin.md). */
    private IpamDriver startIpam(NetworkNamespace host, SharedDatabase database, DriverStore records)
            throws IOException {
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
                DriverStore.class,
                records);
        IpamDriver ipam = DriverRegistry.load(IpamDriverProvider.class, classLoader(), IpamDriverProvider::type)
                .require("default")
                .create(new DriverContext(state, settings, services));
        if (ipam instanceof AutoCloseable closeable) {
            onClose("IPAM closed", closeable);
        }
        say("IPAM: driver default on " + layout.database());
        return ipam;
    }

    private Map<String, NetworkDriver> startDrivers(NetworkNamespace host, SharedDatabase database) throws IOException {
        Map<String, NetworkDriver> drivers = new LinkedHashMap<>();
        for (NetworkDriverProvider provider : ServiceLoader.load(NetworkDriverProvider.class, classLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList()) {
            String type = provider.type();
            SqliteDriverStore store = SqliteDriverStore.over(database, type);
            onClose("driver " + type + " store closed", store);
            Path state = Files.createDirectories(layout.driverState(type));
            NetworkDriver driver = provider.create(
                    new DriverContext(state, Map.of(), Map.of(NetworkNamespace.class, host, DriverStore.class, store)));
            onClose("driver " + type + " stopped", () -> stopDriver(driver));
            drivers.put(type, driver);
        }
        say("drivers: " + String.join(", ", drivers.keySet()) + " (restored)");
        return drivers;
    }

    private static void stopDriver(NetworkDriver driver) throws Exception {
        if (driver instanceof DeferredTeardown teardown) {
            teardown.awaitTeardown(DRIVER_TEARDOWN);
        }
        if (driver instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private void onClose(String what, AutoCloseable action) {
        undo.push(() -> what, action);
    }

    /** Waits until {@link #close} has finished. */
    @Override
    public void awaitStop() {
        undo.await();
    }

    /** Stops what {@link #start} started, newest first; failures are logged and passed. */
    @Override
    public void close() {
        var unused = undo.runAll("shoal plugin stopping", "shoal plugin stopped");
    }

    private void say(String line) {
        log.log(Level.INFO, line);
    }

    private static ClassLoader classLoader() {
        return PluginDaemon.class.getClassLoader();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
