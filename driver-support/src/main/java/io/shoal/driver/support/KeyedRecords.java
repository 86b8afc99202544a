package io.shoal.driver.support;

import io.shoal.spi.DriverStore;
import java.util.List;
import java.util.function.Function;

/**
 * One kind of a driver's records in the engine's store, under a key prefix: {@code network/ID},
 * {@code endpoint/NETWORK/ID}. Each call is one store transaction.
 *
 * @param <T> the record
 */
public final class KeyedRecords<T> {
    private final DriverStore store;
    private final String prefix;
    private final Function<T, String> keyOf;
    private final Function<T, String> encode;
    private final Function<String, T> decode;

    /**
     * @param prefix e.g. {@code "network/"}
     * @param keyOf the record's key below the prefix
     */
    public KeyedRecords(
            DriverStore store,
            String prefix,
            Function<T, String> keyOf,
            Function<T, String> encode,
            Function<String, T> decode) {
        this.store = store;
        this.prefix = prefix;
        this.keyOf = keyOf;
        this.encode = encode;
        this.decode = decode;
    }

    public void save(T record) {
        store.put(prefix + keyOf.apply(record), encode.apply(record));
    }

    public void remove(T record) {
        store.remove(prefix + keyOf.apply(record));
    }

    /** {@link #save} for an outcome: the engine may commit it with its next write ({@link DriverStore#putLater}). */
    public void saveLater(T record) {
        store.putLater(prefix + keyOf.apply(record), encode.apply(record));
    }

    /** {@link #remove} of a record whose object is gone ({@link DriverStore#removeLater}). */
    public void removeLater(T record) {
        store.removeLater(prefix + keyOf.apply(record));
    }

    /** Every record of this kind, in key order. */
    public List<T> all() {
        return store.list(prefix).values().stream().map(decode).toList();
    }
}
