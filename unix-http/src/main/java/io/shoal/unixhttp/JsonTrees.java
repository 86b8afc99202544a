package io.shoal.unixhttp;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The JSON codec both HTTP adapters on a unix socket (the Engine API and the remote plugin) read and write bodies
 * with: jackson-jr over maps and lists, no data binding. Writing keeps null members (Go writes nil as {@code null})
 * and fails on a type it does not know instead of introspecting it as a bean; reading gives insertion-ordered maps in
 * which a repeated member's last value wins, as in Go's {@code encoding/json} decoder.
 */
public final class JsonTrees {
    /** The configured jackson-jr instance; immutable and safe to share between threads. */
    public static final JSON CODEC = JSON.std
            .with(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.FAIL_ON_UNKNOWN_TYPE_WRITE)
            .without(
                    JSON.Feature.HANDLE_JAVA_BEANS,
                    JSON.Feature.USE_DEFERRED_MAPS,
                    JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    private JsonTrees() {}
}
