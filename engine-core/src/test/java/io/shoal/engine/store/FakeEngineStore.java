package io.shoal.engine.store;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link EngineStore} in memory, for tests: records by collection name and id, one lock for every transaction. It
 * can be told to refuse one apply ({@link #failApply}: an EngineException, nothing changed) or to "crash" at one
 * ({@link #crashAtApply}: a {@link SimulatedCrash}, an Error no controller catches, so no undo runs, as when the
 * process dies there); a new controller over the same store then plays the restart. Every change applied is kept, in
 * order, in {@link #history()}.
 */
public final class FakeEngineStore implements EngineStore {
    private final Map<String, Map<String, Object>> collections = new HashMap<>();
    private final List<Change> history = new ArrayList<>();
    private int applies;
    private int failAt = -1;
    private ErrorKind failKind = ErrorKind.INTERNAL;
    private int crashAt = -1;
    private boolean closed;

    /** Thrown by the apply chosen with {@link #crashAtApply}: the process "dies" before the change is written. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    @Override
    public synchronized void apply(List<Change> changes) throws EngineException {
        if (closed) {
            throw new EngineException(ErrorKind.INTERNAL, "store closed");
        }
        applies++;
        if (applies == crashAt) {
            crashAt = -1;
            throw new SimulatedCrash("simulated crash at apply #" + applies + ": " + changes);
        }
        if (applies == failAt) {
            failAt = -1;
            throw new EngineException(failKind, "simulated store failure at apply #" + applies);
        }
        for (Change change : changes) {
            Map<String, Object> records =
                    collections.computeIfAbsent(change.collection().name(), name -> new LinkedHashMap<>());
            if (change instanceof Change.Put<?> put) {
                records.put(put.id(), put.value());
            } else {
                records.remove(change.id());
            }
            history.add(change);
        }
    }

    @Override
    public synchronized <T> Map<String, T> load(Collection<T> collection) {
        Map<String, T> out = new LinkedHashMap<>();
        collections
                .getOrDefault(collection.name(), Map.of())
                .forEach((id, value) -> out.put(id, collection.type().cast(value)));
        return out;
    }

    /** Every record of the collection, by id (the same as {@link #load}, without the checked exception). */
    public synchronized <T> Map<String, T> records(Collection<T> collection) {
        return load(collection);
    }

    /** Puts a record directly, as a store written by an earlier run would hold it. */
    public synchronized <T> void seed(Collection<T> collection, String id, T value) {
        collections
                .computeIfAbsent(collection.name(), name -> new LinkedHashMap<>())
                .put(id, value);
    }

    /** Every change applied so far, oldest first (those of refused applies are not). */
    public synchronized List<Change> history() {
        return List.copyOf(history);
    }

    /** How many applies were attempted so far. */
    public synchronized int applies() {
        return applies;
    }

    /** The {@code n}th apply from now (1 = the next) fails with {@code kind}, changing nothing. */
    public synchronized void failApply(int n, ErrorKind kind) {
        failAt = applies + n;
        failKind = kind;
    }

    /** The {@code n}th apply from now (1 = the next) throws {@link SimulatedCrash}, changing nothing. */
    public synchronized void crashAtApply(int n) {
        crashAt = applies + n;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
