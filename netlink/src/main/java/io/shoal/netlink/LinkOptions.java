package io.shoal.netlink;

import io.shoal.net.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What every new link may set, whatever its kind: name, MTU, MAC address, master (a bridge), and whether it comes up
 * at once. Build with {@link #named} and the {@code with} methods: {@code LinkOptions.named("br0").withMtu(9000).withUp(true)}.
 *
 * <p>The name is checked here the way the kernel's {@code dev_valid_name()} checks it (net/core/dev.c): 1 to 15 bytes,
 * not {@code .} or {@code ..}, no {@code /}, {@code :} or whitespace. A bad name is an {@link IllegalArgumentException}
 * before anything is sent; so is an MTU below 1. Whether an MTU suits the device is the kernel's call
 * ({@link InvalidRequestException}).
 *
 * @param name the interface name
 * @param mtu the MTU; empty leaves the kind's default
 * @param mac the MAC address; empty lets the kernel pick a random one
 * @param master the name of the master (bridge) to enslave the link to; empty for none
 * @param up whether to bring the link up when it is created
 */
public record LinkOptions(String name, OptionalInt mtu, Optional<MacAddress> mac, Optional<String> master, boolean up) {
    /** IFNAMSIZ - 1: the longest interface name in bytes (linux/if.h). */
    public static final int MAX_NAME_LENGTH = 15;

    /** Checks the name, the MTU and the master's name. */
    public LinkOptions {
        checkName(name);
        Objects.requireNonNull(mtu, "mtu");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(master, "master");
        if (mtu.isPresent() && mtu.getAsInt() < 1) {
            throw new IllegalArgumentException("MTU must be positive: " + mtu.getAsInt());
        }
        master.ifPresent(LinkOptions::checkName);
    }

    /** Options naming the link and leaving everything else to the kernel; the link stays down. */
    public static LinkOptions named(String name) {
        return new LinkOptions(name, OptionalInt.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** The same options with this MTU. */
    public LinkOptions withMtu(int mtu) {
        return new LinkOptions(name, OptionalInt.of(mtu), mac, master, up);
    }

    /** The same options with this MAC address. */
    public LinkOptions withMac(MacAddress mac) {
        return new LinkOptions(name, mtu, Optional.of(mac), master, up);
    }

    /** The same options with this master (bridge). */
    public LinkOptions withMaster(String master) {
        return new LinkOptions(name, mtu, mac, Optional.of(master), up);
    }

    /** The same options, bringing the link up on creation ({@code true}) or leaving it down. */
    public LinkOptions withUp(boolean up) {
        return new LinkOptions(name, mtu, mac, master, up);
    }

    /**
     * Throws IllegalArgumentException unless {@code name} is a name the kernel accepts for an interface
     * ({@code dev_valid_name()}, net/core/dev.c).
     */
    public static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "interface name must be 1 to " + MAX_NAME_LENGTH + " bytes: \"" + name + "\" has " + bytes);
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name cannot be \"" + name + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c)) {
                throw new IllegalArgumentException(
                        "interface name cannot contain '/', ':' or whitespace: \"" + name + "\"");
            }
        }
    }
}
