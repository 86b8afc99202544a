package io.shoal.engine.sqlite;

import io.shoal.engine.store.Change;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link CrashPoint}s on the class path, asked around every commit of {@link SqliteEngineStore}. None in a normal
 * build: then each call is one check of an empty list.
 */
final class CrashPoints {
    private static final List<CrashPoint> HOOKS =
            ServiceLoader.load(CrashPoint.class, CrashPoints.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();

    private CrashPoints() {}

    static void before(List<Change> changes) {
        if (!HOOKS.isEmpty()) {
            tell("before ", changes);
        }
    }

    static void after(List<Change> changes) {
        if (!HOOKS.isEmpty()) {
            tell("after ", changes);
        }
    }

    private static void tell(String when, List<Change> changes) {
        for (Change change : changes) {
            String point = when + change.collection().name() + ":" + step(change);
            for (CrashPoint hook : HOOKS) {
                hook.reached(point);
            }
        }
    }

    /** The record's phase (its {@code phase} component), "put" when it has none, "delete" for a removal. */
    private static String step(Change change) {
        if (!(change instanceof Change.Put<?> put)) {
            return "delete";
        }
        Object value = put.value();
        RecordComponent[] components = value.getClass().getRecordComponents();
        if (components != null) {
            for (RecordComponent component : components) {
                if (component.getName().equals("phase")) {
                    try {
                        return String.valueOf(component.getAccessor().invoke(value));
                    } catch (ReflectiveOperationException e) {
                        return "put";
                    }
                }
            }
        }
        return "put";
    }
}
