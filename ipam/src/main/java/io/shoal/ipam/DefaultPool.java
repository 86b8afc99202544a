package io.shoal.ipam;

import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the default address pools: networks created without {@code --subnet} get a {@code /size} subnet cut
 * from {@code base}, as dockerd's {@code default-address-pools} entry {@code {"base":"172.17.0.0/16","size":16}}.
 */
public record DefaultPool(IpPrefix base, int size) {
    public DefaultPool {
        Objects.requireNonNull(base, "base");
        if (!base.isNetwork()) {
            throw DriverException.invalid(
                    "default address pool base " + base + " has host bits set; did you mean " + base.network() + "?");
        }
        int longest = base.isIpv4() ? Pool.LONGEST_V4 : Pool.LONGEST_V6;
        if (size < base.length() || size > longest) {
            throw DriverException.invalid("default address pool " + base + " has size " + size + "; the size must be "
                    + base.length() + ".." + longest + " (a prefix length no shorter than the base's, and leaving"
                    + " room for a gateway and one address)");
        }
    }

    /**
     * Parses one entry, {@code base=CIDR,size=N} (the keys in either order).
     *
     * @throws DriverException INVALID_ARGUMENT saying what is wrong
     */
    public static DefaultPool parse(String text) {
        String base = null;
        Integer size = null;
        for (String part : text.trim().split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            switch (key) {
                case "base" -> base = value;
                case "size" -> size = parseSize(text, value);
                default -> throw DriverException.invalid("default address pool '" + text + "': unknown key '" + key
                        + "'; write base=CIDR,size=N, e.g. base=10.200.0.0/16,size=24");
            }
        }
        if (base == null || size == null) {
            throw DriverException.invalid(
                    "default address pool '" + text + "' needs both base and size, e.g. base=10.200.0.0/16,size=24");
        }
        IpPrefix prefix;
        try {
            prefix = IpPrefix.parse(base);
        } catch (IllegalArgumentException e) {
            throw new DriverException(
                    ErrorKind.INVALID_ARGUMENT, "default address pool '" + text + "': " + e.getMessage(), e);
        }
        return new DefaultPool(prefix, size);
    }

    /** Parses a list of entries separated by semicolons or white space. */
    public static List<DefaultPool> parseList(String text) {
        List<DefaultPool> pools = new ArrayList<>();
        for (String entry : text.trim().split("[;\\s]+", -1)) {
            if (!entry.isEmpty()) {
                pools.add(parse(entry));
            }
        }
        if (pools.isEmpty()) {
            throw DriverException.invalid("default-address-pools is empty; give at least one base=CIDR,size=N entry");
        }
        return List.copyOf(pools);
    }

    private static int parseSize(String text, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new DriverException(
                    ErrorKind.INVALID_ARGUMENT,
                    "default address pool '" + text + "': size '" + value + "' is not a prefix length",
                    e);
        }
    }

    @Override
    public String toString() {
        return "base=" + base + ",size=" + size;
    }
}
