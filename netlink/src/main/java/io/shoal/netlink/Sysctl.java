package io.shoal.netlink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code net.*} sysctls of one network namespace, read and written through {@code /proc/sys/net}.
 *
 * <p>Every file is opened on the namespace's own thread ({@link NetworkNamespace#callInside}): {@code /proc/sys/net}
 * shows the network namespace of the task that opens the file, not of the process that mounted {@code /proc}, so
 * opening it anywhere else would read or change another namespace (proc(5), {@code /proc/sys/net}).
 *
 * <p>Keys use sysctl(8)'s dotted form, {@code net.ipv4.ip_forward}, or its slash form, {@code
 * net/ipv6/conf/eth0.100/forwarding}, which an interface name containing a dot needs. Only keys under {@code net} are
 * accepted, and no component may be empty, {@code .} or {@code ..}.
 */
public final class Sysctl {
    private static final Path PROC_SYS = Path.of("/proc/sys");
    private static final Pattern DOT = Pattern.compile("\\.");
    private static final int INTERFACE_NAME_MAX = 15;
    private static final int READ_BUFFER_SIZE = 4096;

    private final NetworkNamespace namespace;

    private Sysctl(NetworkNamespace namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** The sysctls of {@code namespace}, which must stay open while this is used. */
    public static Sysctl of(NetworkNamespace namespace) {
        return new Sysctl(namespace);
    }

    /**
     * The value of {@code key}, without the trailing newline.
     *
     * @throws NoSuchObjectException no such key (in this namespace: per-interface keys exist only for its links)
     * @throws IllegalArgumentException the key is not under {@code net} or is malformed
     */
    public String get(String key) throws KernelException {
        Path file = fileOf(key);
        String value = namespace.callInside(() -> read(file));
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }

    /**
     * Writes {@code value} to {@code key}.
     *
     * @throws InvalidRequestException the kernel refused the value (EINVAL)
     * @throws NoSuchObjectException no such key
     * @throws IllegalArgumentException the key is not under {@code net} or is malformed, or the value has a newline
     */
    public void set(String key, String value) throws KernelException {
        Path file = fileOf(key);
        if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("sysctl value for " + key + " contains a newline or NUL");
        }
        namespace.runInside(() -> write(file, value));
    }

    /** {@code net.ipv4.ip_forward}. */
    public boolean ipv4Forwarding() throws KernelException {
        return flag(get("net.ipv4.ip_forward"), "net.ipv4.ip_forward");
    }

    /** Sets {@code net.ipv4.ip_forward}; the kernel applies it to every interface (net.ipv4.conf.all.forwarding). */
    public void setIpv4Forwarding(boolean enabled) throws KernelException {
        set("net.ipv4.ip_forward", enabled ? "1" : "0");
    }

    /** {@code net.ipv6.conf.SCOPE.forwarding}, where scope is {@code all}, {@code default} or an interface name. */
    public boolean ipv6Forwarding(String scope) throws KernelException {
        String key = ipv6Key(scope, "forwarding");
        return flag(get(key), key);
    }

    /** Sets {@code net.ipv6.conf.SCOPE.forwarding}; {@code all} also sets it on every interface (ip-sysctl.rst). */
    public void setIpv6Forwarding(String scope, boolean enabled) throws KernelException {
        set(ipv6Key(scope, "forwarding"), enabled ? "1" : "0");
    }

    /** {@code net.ipv6.conf.SCOPE.accept_ra}: 0 never, 1 unless forwarding, 2 even when forwarding. */
    public int acceptRouterAdvertisements(String scope) throws KernelException {
        String key = ipv6Key(scope, "accept_ra");
        return integer(get(key), key);
    }

    /** Sets {@code net.ipv6.conf.SCOPE.accept_ra} to 0, 1 or 2. */
    public void setAcceptRouterAdvertisements(String scope, int mode) throws KernelException {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("accept_ra must be 0, 1 or 2, not " + mode);
        }
        set(ipv6Key(scope, "accept_ra"), Integer.toString(mode));
    }

    /** {@code net.ipv6.conf.SCOPE.disable_ipv6}. */
    public boolean ipv6Disabled(String scope) throws KernelException {
        String key = ipv6Key(scope, "disable_ipv6");
        return flag(get(key), key);
    }

    /** Sets {@code net.ipv6.conf.SCOPE.disable_ipv6}; disabling removes the interface's IPv6 addresses. */
    public void setIpv6Disabled(String scope, boolean disabled) throws KernelException {
        set(ipv6Key(scope, "disable_ipv6"), disabled ? "1" : "0");
    }

    /** The file under /proc/sys for {@code key}, after checking it. */
    static Path fileOf(String key) {
        Objects.requireNonNull(key, "key");
        List<String> components = key.indexOf('/') >= 0 ? List.of(key.split("/", -1)) : List.of(DOT.split(key, -1));
        if (components.size() < 2 || !components.get(0).equals("net")) {
            throw new IllegalArgumentException("only net.* sysctls are supported, not \"" + key + "\"");
        }
        Path file = PROC_SYS;
        for (String component : components) {
            if (component.isEmpty()
                    || component.equals(".")
                    || component.equals("..")
                    || component.indexOf('\0') >= 0
                    || component.indexOf('/') >= 0) {
                throw new IllegalArgumentException("malformed sysctl key \"" + key + "\"");
            }
            file = file.resolve(component);
        }
        return file;
    }

    /** The slash form, so interface names with dots (VLAN links such as eth0.100) stay one component. */
    private static String ipv6Key(String scope, String setting) {
        Objects.requireNonNull(scope, "scope");
        if (scope.isEmpty()
                || scope.length() > INTERFACE_NAME_MAX
                || scope.equals(".")
                || scope.equals("..")
                || scope.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not an interface name, \"all\" or \"default\": \"" + scope + "\"");
        }
        return "net/ipv6/conf/" + scope + "/" + setting;
    }

    /**
     * Reads the whole value with the first read(2): the kernel's sysctl handlers (proc_dointvec and friends) answer a
     * read at a non-zero offset with end-of-file, so reading byte by byte, as Files.readString does for a file whose
     * size is 0, returns only the first digit.
     */
    private static String read(Path file) throws KernelException {
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream value = new ByteArrayOutputStream(READ_BUFFER_SIZE);
            byte[] buffer = new byte[READ_BUFFER_SIZE];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                value.write(buffer, 0, n);
            }
            return value.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw IoErrors.toKernelException("read sysctl", file.toString(), e);
        }
    }

    private static void write(Path file, String value) throws KernelException {
        try {
            // WRITE only: no O_CREAT, so a missing key reports ENOENT rather than EACCES.
            Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw IoErrors.toKernelException("write sysctl", file + " = " + value, e);
        }
    }

    private static boolean flag(String value, String key) {
        return integer(value, key) != 0;
    }

    private static int integer(String value, String key) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("sysctl " + key + " is not a number: \"" + value + "\"", e);
        }
    }
}
