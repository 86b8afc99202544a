package io.shoal.driver.support;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.IpamData;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The text of a driver's records in the engine's store: {@code java.util.Properties} format, keys sorted, no date
 * comment, so equal records are equal text. IPAM pools are written as {@code FAMILY.N.space}, {@code FAMILY.N.pool},
 * {@code FAMILY.N.gateway} and {@code FAMILY.N.aux.NAME}, N counting from 0.
 */
public final class RecordText {
    private RecordText() {}

    /**
     * The record's text: one {@code key=value} line per entry, escaped as {@link Properties#store(java.io.Writer,
     * String)} escapes them, lines sorted, each ending in {@code \n} (an empty record is one {@code \n}). Written here rather than through {@code
     * Properties.store}, which always begins with a date comment: formatting that date (time zone names) cost a driver
     * call more than the rest of the record, only for the line to be dropped.
     */
    public static String text(Map<String, String> values) {
        List<String> lines = new ArrayList<>(values.size());
        for (Map.Entry<String, String> entry : values.entrySet()) {
            StringBuilder line = new StringBuilder();
            escape(entry.getKey(), true, line);
            line.append('=');
            escape(entry.getValue(), false, line);
            lines.add(line.toString());
        }
        Collections.sort(lines);
        return String.join("\n", lines) + "\n";
    }

    /**
     * Appends {@code text} escaped as {@code Properties.store(Writer, …)} does: a backslash before {@code \\ = : # !},
     * {@code \t \n \r \f} as escapes, a space escaped everywhere in a key and at the start of a value, other characters
     * as they are (a {@code Writer} takes them as they are).
     */
    private static void escape(String text, boolean key, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case ' ' -> out.append(i == 0 || key ? "\\ " : " ");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
    }

    /**
     * Reads a record's text.
     *
     * @param what the kind of record, for the message, e.g. {@code "bridge driver"}
     */
    public static Properties properties(String text, String what) {
        Properties in = new Properties();
        try {
            in.load(new StringReader(text));
        } catch (IOException e) {
            throw DriverException.internal("unreadable " + what + " record: " + e.getMessage(), e);
        }
        return in;
    }

    /** Writes pools under {@code family} ({@code ipv4} or {@code ipv6}). */
    public static void putPools(Map<String, String> out, String family, List<IpamData> pools) {
        for (int i = 0; i < pools.size(); i++) {
            IpamData pool = pools.get(i);
            String prefix = family + "." + i + ".";
            out.put(prefix + "space", pool.addressSpace());
            out.put(prefix + "pool", pool.pool().toString());
            pool.gateway().ifPresent(g -> out.put(prefix + "gateway", g.toString()));
            pool.auxAddresses()
                    .forEach((name, address) -> out.put(prefix + "aux." + name, IpAddresses.format(address)));
        }
    }

    /** Reads the pools written under {@code family}. */
    public static List<IpamData> pools(Properties in, String family) {
        List<IpamData> pools = new ArrayList<>();
        for (int i = 0; in.containsKey(family + "." + i + ".pool"); i++) {
            String prefix = family + "." + i + ".";
            Map<String, InetAddress> aux = new TreeMap<>();
            for (String key : in.stringPropertyNames()) {
                if (key.startsWith(prefix + "aux.")) {
                    aux.put(key.substring((prefix + "aux.").length()), IpAddresses.parse(in.getProperty(key)));
                }
            }
            pools.add(new IpamData(
                    in.getProperty(prefix + "space"),
                    IpPrefix.parse(in.getProperty(prefix + "pool")),
                    Optional.ofNullable(in.getProperty(prefix + "gateway")).map(IpPrefix::parse),
                    aux));
        }
        return pools;
    }
}
