package io.shoal.engine.netns;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.net.IpAddresses;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.ObjectExistsException;
import io.shoal.netlink.Route;
import io.shoal.netlink.SharedNamespaces;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jnr.constants.platform.Errno;

/**
 * The engine's {@link SandboxHost} over Shoal's netlink.
 *
 * <p><b>Where namespaces live.</b> netlink's {@link NetworkNamespace} names namespaces only under {@code /run/netns}
 * (iproute2's directory; it offers no other), so a sandbox's namespace is {@code /run/netns/PREFIX<id>} with prefix
 * {@code shoal-} in production ({@code ip netns exec shoal-<id>} works on it, as it does on Docker's with a symlink).
 * Because that directory is shared with every {@code ip netns} user, the host also keeps one empty marker file per
 * namespace it made under its own {@code markers} directory (the daemon's {@code DATA_ROOT/netns/}), written before
 * the namespace and removed after it: {@code ./shoal down} deletes only namespaces that have a marker there, never
 * one merely named like Shoal's.
 *
 * <p>Errors are {@link EngineException}s naming the sandbox and the kernel's errno: UNAVAILABLE for EAGAIN, EBUSY and
 * ENOBUFS (the host refuses for now), INTERNAL otherwise; INVALID_ARGUMENT for a sandbox id that is not 12 to 64
 * lower-case hex digits or a gateway of the other family.
 */
public final class NetlinkSandboxHost implements SandboxHost {
    /** The production prefix of sandbox namespaces under {@code /run/netns}. */
    public static final String PREFIX = "shoal-";

    private static final Pattern SANDBOX_ID = Pattern.compile("[0-9a-f]{12,64}");

    private final String prefix;
    private final Path markers;
    private final Path resolvConf;

    /**
     * @param prefix what every namespace name starts with ({@link #PREFIX}; tests use their own)
     * @param markers the directory of marker files, created when missing
     * @param resolvConf the host's resolver configuration: in production the file {@code HostResolverFile} chose
     *     ({@code /etc/resolv.conf}, or systemd-resolved's {@code /run/systemd/resolve/resolv.conf})
     */
    public NetlinkSandboxHost(String prefix, Path markers, Path resolvConf) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.markers = Objects.requireNonNull(markers, "markers");
        this.resolvConf = Objects.requireNonNull(resolvConf, "resolvConf");
    }

    /** The namespace name of sandbox {@code sandboxId}. */
    public String namespaceName(String sandboxId) {
        return prefix + sandboxId;
    }

    @Override
    public Path createNamespace(String sandboxId) throws EngineException {
        try (HeldNamespace held = createHeldNamespace(sandboxId)) {
            return held.path();
        }
    }

    /**
     * The namespace made (or found), held by a {@link SharedNamespaces} lease until the hold is closed, with {@code lo}
     * brought up over the rtnetlink socket kept with that lease: the joins, default routes and resolver of the same
     * start then lease the same open namespace and use the same socket (and the namespace's thread, still running, for
     * what must run inside), where each would otherwise open the namespace and start a thread in it (a thread start
     * waited 1-22 ms for a core at load average 10, strace of a start, docs/performance.md session 12).
     */
    @Override
    public HeldNamespace createHeldNamespace(String sandboxId) throws EngineException {
        String name = namespaceName(requireId(sandboxId));
        writeMarker(name);
        Path path = NetworkNamespace.RUN_DIRECTORY.resolve(name);
        SharedNamespaces.Lease lease;
        try {
            // The lease opens the namespace again by its path (an open(2), no thread) and is what the others share.
            createOrOpen(name).close();
            lease = SharedNamespaces.lease(path);
        } catch (KernelException e) {
            throw failed("create the network namespace of sandbox " + sandboxId, e);
        }
        try {
            lease.netlink().linkSetUp("lo");
        } catch (KernelException e) {
            EngineException failure = failed("bring lo up in the network namespace of sandbox " + sandboxId, e);
            closeAfterFailure(lease, failure);
            throw failure;
        }
        return new LeasedNamespace(path, lease);
    }

    private static void closeAfterFailure(SharedNamespaces.Lease lease, EngineException failure) {
        try {
            lease.close();
        } catch (KernelException e) {
            failure.addSuppressed(e);
        }
    }

    /** A {@link HeldNamespace} that is a lease; closing it gives the lease back. */
    private record LeasedNamespace(Path path, SharedNamespaces.Lease lease) implements HeldNamespace {
        @Override
        public void close() throws EngineException {
            try {
                lease.close();
            } catch (KernelException e) {
                throw failed("close the network namespace " + path, e);
            }
        }
    }

    /**
     * The namespace made now, or the one a crash left (opened by name). A file of that name that is not a namespace
     * any more (its bind mount gone, e.g. after a reboot cleared mounts but not the file) is removed and made afresh.
     */
    private static NetworkNamespace createOrOpen(String name) throws KernelException {
        try {
            return NetworkNamespace.create(name);
        } catch (ObjectExistsException exists) {
            try {
                return NetworkNamespace.openByName(name);
            } catch (KernelException notANamespace) {
                // ENOTTY/EINVAL: a plain file, not an nsfs bind mount; ENOENT: deleted meanwhile.
                NetworkNamespace.deleteIfExists(name);
                return NetworkNamespace.create(name);
            }
        }
    }

    @Override
    public void deleteNamespace(String sandboxId) throws EngineException {
        String name = namespaceName(requireId(sandboxId));
        try {
            NetworkNamespace.deleteIfExists(name);
        } catch (KernelException e) {
            throw failed("delete the network namespace of sandbox " + sandboxId, e);
        }
        try {
            Files.deleteIfExists(markers.resolve(name));
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL, "cannot remove the marker " + markers.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setDefaultRoute(Path namespace, boolean ipv6, Optional<InetAddress> gateway, String interfaceName)
            throws EngineException {
        DefaultRoute wanted = new DefaultRoute(gateway, interfaceName);
        checkFamily(wanted, ipv6);
        try (SharedNamespaces.Lease sandbox = SharedNamespaces.lease(namespace)) {
            apply(sandbox.netlink(), namespace, ipv6, wanted);
        } catch (KernelException e) {
            throw failed(describe(wanted, ipv6) + " in " + namespace, e);
        }
    }

    /**
     * Both families over the rtnetlink socket kept with the namespace's lease ({@link SharedNamespaces.Lease#netlink}),
     * from the calling thread: while the sandbox's start holds it ({@link #createHeldNamespace}) or its resolver runs,
     * no socket is opened and no thread enters the namespace for this.
     */
    @Override
    public void setDefaultRoutes(Path namespace, DefaultRoute ipv4, DefaultRoute ipv6) throws EngineException {
        checkFamily(ipv4, false);
        checkFamily(ipv6, true);
        SharedNamespaces.Lease leased;
        try {
            leased = SharedNamespaces.lease(namespace);
        } catch (KernelException e) {
            throw failed("open the network namespace " + namespace + " to set its default routes", e);
        }
        try (SharedNamespaces.Lease sandbox = leased) {
            NetlinkHandle handle = openedNetlink(sandbox, namespace);
            apply(handle, namespace, false, ipv4);
            apply(handle, namespace, true, ipv6);
        } catch (KernelException e) {
            throw failed("close the network namespace " + namespace, e);
        }
    }

    private static NetlinkHandle openedNetlink(SharedNamespaces.Lease sandbox, Path namespace) throws EngineException {
        try {
            return sandbox.netlink();
        } catch (KernelException e) {
            throw failed("open a netlink socket in " + namespace + " to set its default routes", e);
        }
    }

    private static void checkFamily(DefaultRoute wanted, boolean ipv6) throws EngineException {
        Optional<InetAddress> gateway = wanted.gateway();
        if (gateway.isPresent() && (gateway.get() instanceof Inet6Address) != ipv6) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "gateway " + IpAddresses.format(gateway.get()) + " is not an " + (ipv6 ? "IPv6" : "IPv4")
                            + " address");
        }
    }

    private static void apply(NetlinkHandle handle, Path namespace, boolean ipv6, DefaultRoute wanted)
            throws EngineException {
        try {
            Optional<Route> kept = Optional.empty();
            if (wanted.gateway().isPresent()) {
                Route route = Route.defaultVia(wanted.gateway().get()).dev(handle.linkIndex(wanted.interfaceName()));
                handle.routeReplace(route);
                kept = Optional.of(route);
            }
            removeOtherDefaults(handle, ipv6 ? IpFamily.IPV6 : IpFamily.IPV4, kept);
        } catch (KernelException e) {
            throw failed(describe(wanted, ipv6) + " in " + namespace, e);
        }
    }

    private static String describe(DefaultRoute wanted, boolean ipv6) {
        return wanted.gateway()
                .map(g -> "set the default route via " + IpAddresses.format(g) + " dev " + wanted.interfaceName())
                .orElse("remove the " + (ipv6 ? "IPv6" : "IPv4") + " default route");
    }

    /**
     * Every default route of the family but {@code kept} goes: routes of another metric (IPv6 router advertisements
     * add theirs at 1024) would otherwise survive a replace, which only matches the same metric.
     */
    private static void removeOtherDefaults(NetlinkHandle handle, IpFamily family, Optional<Route> kept)
            throws KernelException {
        List<Route> defaults =
                handle.routeList(family).stream().filter(Route::isDefault).toList();
        for (Route route : defaults) {
            boolean isKept = kept.isPresent()
                    && route.gateway().equals(kept.get().gateway())
                    && route.outputIndex().equals(kept.get().outputIndex());
            if (!isKept) {
                try {
                    handle.routeDelete(route);
                } catch (NoSuchObjectException gone) {
                    // removed meanwhile: what we wanted
                }
            }
        }
    }

    @Override
    public String hostResolvConf() throws EngineException {
        try {
            return Files.readString(resolvConf);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL, "cannot read the host's resolver configuration " + resolvConf + ": " + e, e);
        }
    }

    private void writeMarker(String name) throws EngineException {
        try {
            Files.createDirectories(markers);
            Path marker = markers.resolve(name);
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another call for the same sandbox wrote it
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL, "cannot write the marker " + markers.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static String requireId(String sandboxId) throws EngineException {
        if (sandboxId == null || !SANDBOX_ID.matcher(sandboxId).matches()) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "invalid sandbox id '" + sandboxId + "': expected 12 to 64 hex digits");
        }
        return sandboxId;
    }

    private static EngineException failed(String what, KernelException e) {
        Errno errno = e.errnoConstant();
        boolean transientRefusal = errno == Errno.EAGAIN || errno == Errno.EBUSY || errno == Errno.ENOBUFS;
        return new EngineException(
                transientRefusal ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL,
                "cannot " + what + ": " + e.getMessage(),
                e);
    }
}
