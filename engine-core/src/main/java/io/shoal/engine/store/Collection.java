package io.shoal.engine.store;

import java.util.Objects;

/**
 * One kind of record in the engine store, e.g. networks: a short name ({@code network}, lower case, used as the
 * stored kind) and the record class. Records stored must be Java records of JSON-natural parts (String, boolean,
 * numbers, enums, {@code java.time.Instant}, {@code Optional}, List, Map with String keys, nested such records) so
 * the adapter can store them as documents whose text is stable across versions.
 */
public record Collection<T>(String name, Class<T> type) {
    public Collection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
