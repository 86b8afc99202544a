package io.shoal.driver.support;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.IpamData;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The text of a driver's records in the engine's store: {@code java.util.Properties} format, keys sorted, no date
 * comment, so equal records are equal text. IPAM pools are written as {@code FAMILY.N.space}, {@code FAMILY.N.pool},
 * {@code FAMILY.N.gateway} and {@code FAMILY.N.aux.NAME}, N counting from 0.
 */
public final class RecordText {
    private RecordText() {}

    /** The record's text. */
    public static String text(Map<String, String> values) {
        Properties out = new Properties();
        out.putAll(values);
        StringWriter writer = new StringWriter();
        try {
            out.store(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString()
                .lines()
                .filter(line -> !line.startsWith("#"))
                .sorted()
                .collect(Collectors.joining("\n", "", "\n"));
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
