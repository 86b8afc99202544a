package io.shoal.engine.plugin;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The plugin's one JSON codec, jackson-jr over maps and lists (no data binding): a request is read as a tree of
 * {@link java.util.Map}s (in the body's order, a repeated member's last value winning), {@link java.util.List}s,
 * strings, numbers (Integer, Long or BigInteger for integers, Double otherwise), booleans and nulls; a reply is written
 * from such a tree, null values included, and anything else (a bean, a record) fails rather than being guessed at.
 */
final class Json {
    static final JSON JR = JSON.std
            .with(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.FAIL_ON_UNKNOWN_TYPE_WRITE)
            .without(
                    JSON.Feature.HANDLE_JAVA_BEANS,
                    JSON.Feature.USE_DEFERRED_MAPS,
                    JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    private Json() {}
}
