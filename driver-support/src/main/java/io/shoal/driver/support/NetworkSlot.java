package io.shoal.driver.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A network in a {@link SkeletonDriver}'s table: its record, its lock (written by network creation and deletion,
 * read by endpoint calls), its endpoints.
 */
final class NetworkSlot<N, E> {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final Map<String, EndpointSlot<E>> endpoints = new ConcurrentHashMap<>();
    final N network;
    /** Set under the write lock when the network leaves the table. */
    volatile boolean removed;

    NetworkSlot(N network) {
        this.network = network;
    }

    /**
     * A new endpoint's slot, without a record until its creation commits; null when the id is taken (or being
     * created). A call that finds the slot before then finds no endpoint, as if it came first.
     */
    EndpointSlot<E> claim(String endpointId) {
        EndpointSlot<E> fresh = new EndpointSlot<>();
        return endpoints.putIfAbsent(endpointId, fresh) == null ? fresh : null;
    }

    /** Ends a creation: the slot stays when it got its record, and goes otherwise. */
    void release(String endpointId, EndpointSlot<E> claimed) {
        if (claimed.record == null) {
            endpoints.remove(endpointId, claimed);
        }
    }

    /** The ids of every endpoint but {@code endpointId}, including ones being created. */
    List<String> others(String endpointId) {
        List<String> others = new ArrayList<>(endpoints.keySet());
        others.remove(endpointId);
        return others;
    }

    /** The committed records of the network's endpoints. */
    List<E> committed() {
        List<E> out = new ArrayList<>();
        for (EndpointSlot<E> endpoint : endpoints.values()) {
            E record = endpoint.record;
            if (record != null) {
                out.add(record);
            }
        }
        return out;
    }
}
