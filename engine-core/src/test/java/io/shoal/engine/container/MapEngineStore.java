package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.store.Change;
import io.shoal.engine.store.Collection;
import io.shoal.engine.store.EngineStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal in-memory engine store for ctrcore's tests (netcore's FakeEngineStore replaces it once merged): records
 * by collection name and id, every applied change kept in {@link #history()}, {@link #failNextApply} to refuse one
 * transaction.
 */
public final class MapEngineStore implements EngineStore {
    private final Map<String, Map<String, Object>> collections = new HashMap<>();
    private final List<Change> history = new ArrayList<>();
    private boolean failNext;

    public synchronized void failNextApply() {
        failNext = true;
    }

    public synchronized List<Change> history() {
        return List.copyOf(history);
    }

    @Override
    public synchronized void apply(List<Change> changes) throws EngineException {
        if (failNext) {
            failNext = false;
            throw new EngineException(ErrorKind.UNAVAILABLE, "store busy (injected)");
        }
        for (Change change : changes) {
            Map<String, Object> records =
                    collections.computeIfAbsent(change.collection().name(), k -> new LinkedHashMap<>());
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
        Map<String, T> result = new LinkedHashMap<>();
        collections
                .getOrDefault(collection.name(), Map.of())
                .forEach((id, value) -> result.put(id, collection.type().cast(value)));
        return result;
    }

    @Override
    public void close() {}
}
