package io.shoal.driver.support;

import io.shoal.spi.DriverException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a network interface name given in an option must meet, so that a bad name is an INVALID_ARGUMENT naming
 * the option before anything changes, never an EINVAL from {@code RTM_NEWLINK} halfway through.
 *
 * <p>The kernel's rules ({@code dev_valid_name} and {@code dev_get_valid_name} in net/core/dev.c, checked on this
 * kernel): 1 to 15 bytes ({@code IFNAMSIZ} is 16 with the terminating NUL, netdevice(7)); not {@code .} or {@code ..};
 * no {@code /}, {@code :} or white space; not {@code all} or {@code default}, which name the per-family sysctl
 * directories ({@code /proc/sys/net/ipv4/conf/all}); and no {@code %}, which makes the name a template the kernel
 * fills in ({@code eth%d}), so the link would not be called what was asked.
 */
public final class InterfaceNames {
    /** {@code IFNAMSIZ} - 1: the longest name in bytes. */
    public static final int MAX_BYTES = 15;

    private static final Set<String> RESERVED = Set.of(".", "..", "all", "default");

    private InterfaceNames() {}

    /**
     * Checks {@code name}, the value of {@code option}, against the kernel's rules.
     *
     * @throws DriverException INVALID_ARGUMENT naming the option, the rule broken and what to write instead
     */
    public static void requireValid(String option, String name) {
        kernelProblem(name).ifPresent(problem -> {
            throw DriverException.invalid("option " + option + "=" + name + " " + problem);
        });
    }

    /** What the kernel would refuse in {@code name}, as the end of a sentence; empty when it would accept it. */
    public static Optional<String> kernelProblem(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0) {
            return Optional.of("is empty; give an interface name of 1 to " + MAX_BYTES + " bytes");
        }
        if (bytes > MAX_BYTES) {
            return Optional.of("is " + bytes + " bytes long; Linux interface names have at most " + MAX_BYTES
                    + " (IFNAMSIZ, netdevice(7)): use a shorter name");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("is a name Linux refuses for an interface ('.', '..', 'all' and 'default' are"
                    + " taken by the file system and by /proc/sys/net/*/conf): choose another");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c == '%' || Character.isISOControl(c)) {
                return Optional.of("contains '" + printable(c) + "', which Linux does not allow in an interface"
                        + " name (no '/', ':', '%', white space or control characters): choose another");
            }
        }
        return Optional.empty();
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) ? String.format("\\u%04x", (int) c) : "" + c;
    }
}
