package io.shoal.engine.plugin;

import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plugin's calls by path ({@code /Plugin.Activate}, {@code /NetworkDriver.Join}, {@code /IpamDriver.RequestPool}…):
 * parses nothing itself, runs the handler, and turns every failure into the protocol's error reply. Thread-safe:
 * calls may run concurrently (the drivers keep their own promises).
 */
public final class PluginCalls {
    private static final System.Logger LOG = System.getLogger(PluginCalls.class.getName());

    /** A handler of one call: the request body in, the reply's JSON object out ({@code null}: a quick one declines). */
    interface Handler {
        Map<String, Object> handle(byte[] body);
    }

    /**
     * A handler whose call leaves work to start once its reply is written (CreateEndpoint: the coming join's kernel
     * work, which would otherwise take a core from the reply on a busy machine).
     */
    interface FollowedHandler {
        Answer handle(byte[] body);
    }

    /**
     * A followed handler's answer.
     *
     * @param body the reply's JSON object
     * @param afterWritten what to start once the reply is written ({@link Reply#afterWritten})
     */
    record Answer(Map<String, Object> body, Runnable afterWritten) {}

    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    /**
     * Handlers that answer on the caller's thread (the server's event loop) when they can do so without waiting for a
     * lock, the store or the kernel, and return {@code null} otherwise, leaving the call to {@link #handlers}.
     */
    private final Map<String, Handler> quick = new LinkedHashMap<>();
    /** Handlers whose calls leave work for after their reply. */
    private final Map<String, FollowedHandler> followed = new LinkedHashMap<>();

    /**
     * The calls of one {@code docker network connect} or {@code disconnect} beyond the quick ones: each a record
     * commit or two and the endpoint's lock (the join's interface is made ahead, a leave's pair goes in the
     * background), about a millisecond. {@link PluginServer} answers them on its event loop while no other call runs.
     */
    private static final Set<String> SHORT = Set.of(
            "IpamDriver.RequestAddress",
            "IpamDriver.ReleaseAddress",
            "NetworkDriver.CreateEndpoint",
            "NetworkDriver.Join",
            "NetworkDriver.Leave",
            "NetworkDriver.DeleteEndpoint");

    /** The calls of both kinds over {@code networks} and {@code ipam}. */
    public PluginCalls(NetworkDriverCalls networks, IpamCalls ipam) {
        handlers.put("Plugin.Activate", body -> Map.of("Implements", java.util.List.of("NetworkDriver", "IpamDriver")));
        networks.register(handlers);
        networks.registerQuick(quick);
        networks.registerFollowed(followed);
        ipam.register(handlers);
    }

    /**
     * Answers one call.
     *
     * @param path the request path, e.g. {@code /NetworkDriver.Join}
     * @param body the request body (empty for calls without arguments)
     * @return the reply; never throws for any input
     */
    public Reply call(String path, byte[] body) {
        return call(path, body, "");
    }

    /**
     * Whether the call is one of a connect's or disconnect's own ({@code RequestAddress}, {@code CreateEndpoint},
     * {@code Join}, {@code Leave}, {@code DeleteEndpoint}, {@code ReleaseAddress}): short, though it may wait for a
     * lock, the store or the kernel, so a server answers it on its event loop only while no other call runs there or
     * on a handler ({@link #shortCall}).
     */
    public boolean isShort(String path) {
        return SHORT.contains(name(path));
    }

    /**
     * Answers a {@linkplain #isShort short} call on the calling thread, as {@link #call} does (its debug line marked
     * {@code inline}).
     *
     * @param path the request path; a path that is not short is answered too, by its handler
     * @param body the request body
     * @return the reply; never throws for any input
     */
    public Reply shortCall(String path, byte[] body) {
        return call(path, body, " inline");
    }

    private Reply call(String path, byte[] body, String how) {
        String name = name(path);
        Handler handler = handlers.get(name);
        if (handler != null) {
            return timed(name, plain(handler), body, how);
        }
        FollowedHandler withWork = followed.get(name);
        if (withWork != null) {
            return timed(name, withWork, body, how);
        }
        TreeSet<String> served = new TreeSet<>(handlers.keySet());
        served.addAll(followed.keySet());
        return error(name, 404, "unknown call " + path + "; this plugin serves " + served);
    }

    /**
     * Answers the call at once, on the calling thread, when it needs nothing that can wait (no lock, no store, no
     * kernel): {@code EndpointOperInfo}, and {@code ProgramExternalConnectivity}/{@code RevokeExternalConnectivity}
     * that change nothing, which dockerd sends on every connect and disconnect. The server calls it on its event loop
     * before handing a call to a handler thread, saving that hand-off and the one back.
     *
     * @return the reply (an error reply for a bad request), or empty when the call must go to {@link #call}
     */
    public Optional<Reply> quickCall(String path, byte[] body) {
        String name = name(path);
        Handler handler = quick.get(name);
        return handler == null ? Optional.empty() : Optional.ofNullable(timed(name, plain(handler), body, " quick"));
    }

    /** A handler without work after its reply; a {@code null} reply object (a quick handler declining) stays null. */
    private static FollowedHandler plain(Handler handler) {
        return body -> {
            Map<String, Object> out = handler.handle(body);
            return out == null ? null : new Answer(out, Reply.NOTHING);
        };
    }

    private static String name(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** The handler's reply ({@code null} when a quick handler declines), timed at --log-level debug. */
    private static Reply timed(String name, FollowedHandler handler, byte[] body, String how) {
        if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
            return answer(name, handler, body);
        }
        // --log-level debug: one line per call with its wall and CPU time in this thread (bench/plugin-compare.sh
        // --calls counts and sums them per connect and disconnect).
        long wall = System.nanoTime();
        long cpu = Cpu.THREADS.getCurrentThreadCpuTime();
        Reply reply = answer(name, handler, body);
        if (reply != null) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "call " + name + " " + reply.status() + " wall_us=" + (System.nanoTime() - wall) / 1000 + " cpu_us="
                            + (Cpu.THREADS.getCurrentThreadCpuTime() - cpu) / 1000 + how);
        }
        return reply;
    }

    /** Loaded only when calls are timed, so a plugin at the usual log level starts without the management beans. */
    private static final class Cpu {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    }

    private static Reply answer(String name, FollowedHandler handler, byte[] body) {
        try {
            Answer out = handler.handle(body);
            return out == null ? null : new Reply(200, out.body(), out.afterWritten());
        } catch (DriverException e) {
            LOG.log(System.Logger.Level.INFO, name + " failed (" + e.kind() + "): " + e.getMessage());
            return error(name, e.kind() == ErrorKind.INVALID_ARGUMENT ? 400 : 500, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, name + " failed unexpectedly", e);
            return error(name, 500, name + " failed: " + e);
        }
    }

    private static Reply error(String call, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Err", message);
        if (call.startsWith("IpamDriver.")) {
            body.put("Error", message);
        }
        return new Reply(status, body);
    }
}
