package io.shoal.netlink;

/**
 * Work without a result run inside a network namespace by {@link NetworkNamespace#runInside}.
 *
 * @param <E> the checked exception the work may throw ({@link RuntimeException} when it throws none)
 */
@FunctionalInterface
public interface NamespaceRunnable<E extends Exception> {
    /** Runs on the namespace's own thread, with that thread inside the namespace. */
    void run() throws E;
}
