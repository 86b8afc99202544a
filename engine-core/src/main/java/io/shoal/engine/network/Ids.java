package io.shoal.engine.network;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Docker-style object ids: 256 random bits as 64 lower-case hex digits (moby's {@code stringid.GenerateRandomID}). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The 12-hex short id Docker shows and resolves. */
    static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }
}
