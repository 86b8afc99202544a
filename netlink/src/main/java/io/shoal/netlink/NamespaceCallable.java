package io.shoal.netlink;

/**
 * Work run inside a network namespace by {@link NetworkNamespace#callInside}.
 *
 * @param <T> what the work returns
 * @param <E> the checked exception the work may throw ({@link RuntimeException} when it throws none)
 */
@FunctionalInterface
public interface NamespaceCallable<T, E extends Exception> {
    /** Runs on the namespace's own thread, with that thread inside the namespace. */
    T call() throws E;
}
