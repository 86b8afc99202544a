package io.shoal.engine.store;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.undo.Undo;
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
    private boolean deferring;
    private boolean failUnitCommit;
    /** The calling thread's open unit, when {@link #deferringInUnits}. */
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<OpenUnit> units = new ThreadLocal<>();

    /** A unit open on one thread: its waiting changes, the steps to run if its commit fails, and its nesting. */
    private static final class OpenUnit {
        final List<Change> pending = new ArrayList<>();
        final Undo undo = new Undo();
        int depth = 1;
    }

    /** Thrown by the apply chosen with {@link #crashAtApply}: the process "dies" before the change is written. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    /**
     * From now on units of work defer as the SQLite store's do: {@link #applyLater} inside a unit waits for the next
     * {@link #apply} on the thread (one apply with it, the waiting changes first) or the unit's outermost close; a
     * failed commit there runs the steps of {@link #onFailedCommit}, newest first. Off by default, so the apply
     * counts of tests written before units stay as they were.
     */
    public synchronized FakeEngineStore deferringInUnits() {
        deferring = true;
        return this;
    }

    /** The next unit whose outermost close has changes to commit fails there (INTERNAL; none of them is kept). */
    public synchronized void failNextUnitCommit() {
        failUnitCommit = true;
    }

    @Override
    public Unit beginUnit() {
        synchronized (this) {
            if (!deferring) {
                return () -> {};
            }
        }
        OpenUnit open = units.get();
        if (open == null) {
            open = new OpenUnit();
            units.set(open);
        } else {
            open.depth++;
        }
        OpenUnit unit = open;
        return () -> closeUnit(unit);
    }

    private void closeUnit(OpenUnit unit) throws EngineException {
        if (--unit.depth > 0) {
            return;
        }
        units.remove();
        if (unit.pending.isEmpty()) {
            return;
        }
        List<Change> batch = List.copyOf(unit.pending);
        unit.pending.clear();
        try {
            synchronized (this) {
                if (failUnitCommit) {
                    failUnitCommit = false;
                    throw new EngineException(ErrorKind.INTERNAL, "simulated failure of a unit's commit: " + batch);
                }
            }
            apply(batch);
        } catch (EngineException e) {
            throw unit.undo.rollBack(e);
        }
    }

    @Override
    public void applyLater(List<Change> changes) throws EngineException {
        OpenUnit unit = units.get();
        if (unit == null) {
            apply(changes);
        } else {
            unit.pending.addAll(changes);
        }
    }

    @Override
    public void onFailedCommit(String what, Undo.Step step) {
        OpenUnit unit = units.get();
        if (unit != null) {
            unit.undo.onFailure(what, step);
        }
    }

    @Override
    public void apply(List<Change> changes) throws EngineException {
        OpenUnit unit = units.get();
        if (unit == null || unit.pending.isEmpty()) {
            applyNow(changes);
            return;
        }
        List<Change> batch = new ArrayList<>(unit.pending);
        batch.addAll(changes);
        unit.pending.clear();
        applyNow(batch);
    }

    private synchronized void applyNow(List<Change> changes) throws EngineException {
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
