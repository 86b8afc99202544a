package io.shoal.engine.store;

import java.util.Objects;

/** One change inside an engine store transaction: a record put (created or replaced) under its id, or deleted. */
public sealed interface Change {
    /** The collection the change is in. */
    Collection<?> collection();

    /** The record's id within its collection. */
    String id();

    /** Puts {@code value} under {@code id}. */
    record Put<T>(Collection<T> collection, String id, T value) implements Change {
        public Put {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Deletes the record under {@code id}; nothing happens when there is none. */
    record Delete(Collection<?> collection, String id) implements Change {
        public Delete {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(id, "id");
        }
    }

    /** A put. */
    static <T> Change put(Collection<T> collection, String id, T value) {
        return new Put<>(collection, id, value);
    }

    /** A delete. */
    static Change delete(Collection<?> collection, String id) {
        return new Delete(collection, id);
    }
}
