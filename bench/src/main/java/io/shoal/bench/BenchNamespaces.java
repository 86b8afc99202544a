package io.shoal.bench;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;

/** The named network namespaces a bench makes, all sharing one name prefix. */
public final class BenchNamespaces {
    private BenchNamespaces() {}

    /**
     * Deletes every named namespace whose name starts with {@code prefix} (a bench's own, left by an earlier run or
     * this one); one that cannot be deleted is reported on stderr and the others are still deleted.
     */
    public static void deleteAll(String prefix) throws KernelException {
        for (String name : NetworkNamespace.names()) {
            if (name.startsWith(prefix)) {
                try {
                    NetworkNamespace.delete(name);
                } catch (KernelException e) {
                    System.err.println("could not delete namespace " + name + ": " + e.getMessage());
                }
            }
        }
    }
}
