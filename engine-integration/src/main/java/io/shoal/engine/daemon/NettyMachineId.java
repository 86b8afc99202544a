package io.shoal.engine.daemon;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives Netty a machine id before its first channel, so that {@code DefaultChannelId} does not scan every network
 * interface for a hardware address ({@code MacAddressUtil.defaultMachineId}). In a daemon's network namespace that scan
 * finds no usable address anyway, logs "Failed to find a usable hardware address" and falls back to random bytes,
 * after tens of milliseconds on the start's critical path to the first DNS answer (docs/performance.md "Restart").
 * The id only makes channel ids unique in logs; random bytes are what Netty itself uses then.
 */
final class NettyMachineId {
    /** Netty's system property, read once when {@code DefaultChannelId} is initialised. */
    static final String PROPERTY = "io.netty.machineId";

    private NettyMachineId() {}

    /** Sets {@link #PROPERTY} to 8 random bytes (EUI-64 form, {@code xx:xx:…}) unless the user set it. */
    static void setUnlessGiven() {
        if (System.getProperty(PROPERTY) == null) {
            byte[] id = new byte[8];
            ThreadLocalRandom.current().nextBytes(id);
            id[0] |= 0x02; // locally administered (IEEE 802), as a made-up address must be
            System.setProperty(PROPERTY, HexFormat.ofDelimiter(":").formatHex(id));
        }
    }
}
