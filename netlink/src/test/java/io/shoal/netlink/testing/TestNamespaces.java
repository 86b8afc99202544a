package io.shoal.netlink.testing;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Sysctl;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and life cycle of the namespaces tests make. A test namespace is named {@code shoaltest-PID-RANDOM}: the prefix
 * marks it as a test's, the PID says which JVM made it, so a leak check can tell this run's leftovers and those of dead
 * runs from the live namespaces of another test JVM running at the same time.
 */
public final class TestNamespaces {
    /** Every test namespace's name starts with this. */
    public static final String PREFIX = "shoaltest-";

    /**
     * Links that a test could create outside its own namespaces must be named with this prefix (see {@link
     * #linkName}), so the leak check can look for them in the test JVM's namespace.
     */
    public static final String LINK_PREFIX = "sht";

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-[0-9a-f]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestNamespaces() {}

    /** A fresh name {@code shoaltest-PID-RANDOM} for a namespace of this JVM. */
    public static String newName() {
        return PREFIX + PID + "-" + randomHex(3);
    }

    /** A fresh link name: {@link #LINK_PREFIX} and 8 hex digits (11 characters, under IFNAMSIZ). */
    public static String linkName() {
        return LINK_PREFIX + randomHex(4);
    }

    /**
     * System property naming sysctls, {@code key=value,key=value}, that every test namespace gets right after it is
     * made, before any test sees it. It emulates what a namespace inherits from the host: Linux copies the initial
     * namespace's {@code net.ipv4.conf.{all,default}} settings, {@code ip_forward} among them, into every new namespace
     * ({@code net.core.devconf_inherit_init_net=0}, the default; 1 or 3 copies IPv6's too), so on a host where dockerd
     * runs every test namespace starts with {@code ip_forward=1}. Changing the real host's values is out of bounds for
     * tests; this puts the same values where they would land. scripts/test-on-docker-like-host sets it.
     */
    public static final String INHERITED_SYSCTLS = "shoal.test.inheritedSysctls";

    /** Creates a named test namespace with {@code lo} up. The caller closes it and {@link #destroy}s it. */
    public static NetworkNamespace create() throws KernelException {
        String name = newName();
        NetworkNamespace namespace = NetworkNamespace.create(name);
        try {
            emulateInheritedSysctls(namespace);
            bringLoopbackUp(namespace);
            return namespace;
        } catch (KernelException | RuntimeException e) {
            destroy(namespace, e);
            throw e;
        }
    }

    /** Applies {@link #INHERITED_SYSCTLS}, when set, to a namespace just made. */
    static void emulateInheritedSysctls(NetworkNamespace namespace) throws KernelException {
        String spec = System.getProperty(INHERITED_SYSCTLS, "").trim();
        if (spec.isEmpty()) {
            return;
        }
        Sysctl sysctl = Sysctl.of(namespace);
        for (String entry : spec.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(INHERITED_SYSCTLS + ": '" + entry + "' is not key=value");
            }
            sysctl.set(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
    }

    /** Brings {@code lo} up in {@code namespace}. */
    public static void bringLoopbackUp(NetworkNamespace namespace) throws KernelException {
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            handle.linkSetUp("lo");
        }
    }

    /**
     * Closes {@code namespace} and deletes its name; failures are added to {@code failure} when given, otherwise the
     * first is thrown with the others suppressed.
     */
    public static void destroy(NetworkNamespace namespace, Exception failure) throws KernelException {
        KernelException first = null;
        try {
            namespace.close();
        } catch (KernelException e) {
            first = e;
        }
        Optional<String> name = namespace.name();
        if (name.isPresent()) {
            try {
                NetworkNamespace.delete(name.get());
            } catch (KernelException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            if (failure == null) {
                throw first;
            }
            failure.addSuppressed(first);
        }
    }

    /** Whether {@code name} is a test namespace's name (any JVM's). */
    public static boolean isTestName(String name) {
        return name.startsWith(PREFIX);
    }

    /** The PID of the JVM that made the test namespace {@code name}, when the name carries one. */
    public static OptionalLong ownerPid(String name) {
        Matcher matcher = NAME.matcher(name);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /**
     * Whether a leftover test namespace {@code name} counts as leaked from where this JVM stands: it was made by this
     * JVM or by a JVM that is gone. Another live test JVM's namespaces do not count. A {@code shoaltest-} name without a
     * PID (made by hand, not by {@link #newName}) counts only under CI (environment variable {@code CI} set), where no
     * other test run can be going on; on a shared development machine it may be someone's live work.
     */
    public static boolean isLeakedFromHere(String name) {
        if (!isTestName(name)) {
            return false;
        }
        OptionalLong owner = ownerPid(name);
        if (owner.isEmpty()) {
            return System.getenv("CI") != null;
        }
        return isAttributedLeak(owner.getAsLong());
    }

    /** Whether {@code name} was made by this JVM or by a test JVM that is gone: safe to delete. */
    public static boolean isDeletableLeftover(String name) {
        OptionalLong owner = ownerPid(name);
        return isTestName(name) && owner.isPresent() && isAttributedLeak(owner.getAsLong());
    }

    private static boolean isAttributedLeak(long ownerPid) {
        return ownerPid == PID || ProcessHandle.of(ownerPid).isEmpty();
    }

    /** Whether {@code name} was made by this JVM. */
    public static boolean isOwnedByThisJvm(String name) {
        OptionalLong owner = ownerPid(name);
        return owner.isPresent() && owner.getAsLong() == PID;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
