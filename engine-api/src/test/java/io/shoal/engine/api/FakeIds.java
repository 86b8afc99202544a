package io.shoal.engine.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** 64-hex ids for the fakes, derived from a seed text (SHA-256), so tests can predict them. */
final class FakeIds {
    private FakeIds() {}

    static String hex(String seed) {
        return HexFormat.of().formatHex(sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
