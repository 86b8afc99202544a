package io.shoal.driver.bridge.firewall;

import io.shoal.spi.DriverException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who owns each host port, across every bridge network of one driver: one host port, one owner, as Docker's port
 * allocator keeps it. A change is checked against every other owner first, then each newly wanted port is reserved on
 * the host (see {@link Reserver}), and only {@link Change#commit} makes it the owner's: a refused or abandoned change
 * leaves the registry and the host as they were, so the ports of one request are taken all together or not at all.
 */
public final class HostPorts {
    /** Keeps a host port from other processes for as long as it is held. */
    @FunctionalInterface
    public interface Reserver {
        /**
         * @throws DriverException CONFLICT when a host process holds the port; INVALID_ARGUMENT when the address is
         *     not one of the host's
         */
        Reservation reserve(HostPort port);
    }

    /** A held host port. */
    @FunctionalInterface
    public interface Reservation {
        /** Gives the port back; never throws. */
        void release();
    }

    /** The endpoint that publishes ports, named in a refusal. */
    public record Owner(String networkId, String networkName, String endpointId) {
        public Owner {
            Objects.requireNonNull(networkId, "networkId");
            Objects.requireNonNull(networkName, "networkName");
            Objects.requireNonNull(endpointId, "endpointId");
        }

        @Override
        public String toString() {
            return "endpoint " + endpointId + " on network " + networkName;
        }
    }

    private final Reserver reserver;
    private final Map<Owner, Map<HostPort, Reservation>> held = new HashMap<>();

    public HostPorts(Reserver reserver) {
        this.reserver = reserver;
    }

    /**
     * Checks and reserves what {@code owner} is to hold instead of what it holds now. The ports it already holds are
     * kept as they are.
     *
     * @throws DriverException CONFLICT naming the owner when another endpoint holds an overlapping port, when the
     *     request itself names one twice, or when a host process holds it; whatever the reserver refuses
     */
    public synchronized Change reserve(Owner owner, Collection<HostPort> wanted) {
        List<HostPort> ports = List.copyOf(wanted);
        for (int i = 0; i < ports.size(); i++) {
            for (int j = i + 1; j < ports.size(); j++) {
                if (ports.get(i).overlaps(ports.get(j))) {
                    throw DriverException.conflict("Bind for " + ports.get(j) + " failed: " + owner
                            + " publishes it twice (also as " + ports.get(i) + ")");
                }
            }
            requireFree(owner, ports.get(i));
        }
        Map<HostPort, Reservation> mine = held.getOrDefault(owner, Map.of());
        Map<HostPort, Reservation> opened = new LinkedHashMap<>();
        try {
            for (HostPort port : ports) {
                if (!mine.containsKey(port)) {
                    opened.put(port, reserver.reserve(port));
                }
            }
        } catch (RuntimeException e) {
            opened.values().forEach(Reservation::release);
            throw e;
        }
        return new Change(owner, ports, opened);
    }

    /** Gives back every port {@code owner} holds. */
    public synchronized void release(Owner owner) {
        Map<HostPort, Reservation> ports = held.remove(owner);
        if (ports != null) {
            ports.values().forEach(Reservation::release);
        }
    }

    /**
     * After a restart: takes the recorded ports again. A port that cannot be reserved any more (a host process took
     * it while the daemon was down) stays its owner's in the registry and is reported, so the caller can warn; the
     * owner's firewall rules keep working.
     *
     * @return one line per port that could not be reserved
     */
    public synchronized List<String> restore(Map<Owner, ? extends Collection<HostPort>> recorded) {
        held.values().forEach(ports -> ports.values().forEach(Reservation::release));
        held.clear();
        List<String> problems = new ArrayList<>();
        recorded.forEach((owner, ports) -> {
            Map<HostPort, Reservation> mine = new LinkedHashMap<>();
            for (HostPort port : ports) {
                try {
                    mine.put(port, reserver.reserve(port));
                } catch (RuntimeException e) {
                    problems.add(port + " of " + owner + ": " + e.getMessage());
                    mine.put(port, () -> {});
                }
            }
            if (!mine.isEmpty()) {
                held.put(owner, mine);
            }
        });
        return problems;
    }

    /** The ports each owner holds, for tests and diagnostics. */
    public synchronized Map<Owner, List<HostPort>> owners() {
        Map<Owner, List<HostPort>> out = new HashMap<>();
        held.forEach((owner, ports) -> out.put(owner, List.copyOf(ports.keySet())));
        return out;
    }

    private void requireFree(Owner owner, HostPort port) {
        held.forEach((other, ports) -> {
            if (other.equals(owner)) {
                return;
            }
            for (HostPort taken : ports.keySet()) {
                if (taken.overlaps(port)) {
                    throw DriverException.conflict("Bind for " + port + " failed: port is already allocated to " + other
                            + (taken.equals(port) ? "" : " (as " + taken + ")"));
                }
            }
        });
    }

    private synchronized void commit(Owner owner, List<HostPort> ports, Map<HostPort, Reservation> opened) {
        Map<HostPort, Reservation> before = held.getOrDefault(owner, Map.of());
        Map<HostPort, Reservation> after = new LinkedHashMap<>();
        for (HostPort port : ports) {
            after.put(port, opened.containsKey(port) ? opened.get(port) : before.get(port));
        }
        before.forEach((port, reservation) -> {
            if (!after.containsKey(port)) {
                reservation.release();
            }
        });
        if (after.isEmpty()) {
            held.remove(owner);
        } else {
            held.put(owner, after);
        }
    }

    /** A checked, reserved change of one owner's ports; closing it without {@link #commit} gives the new ports back. */
    public final class Change implements AutoCloseable {
        private final Owner owner;
        private final List<HostPort> ports;
        private final Map<HostPort, Reservation> opened;
        private boolean done;

        private Change(Owner owner, List<HostPort> ports, Map<HostPort, Reservation> opened) {
            this.owner = owner;
            this.ports = ports;
            this.opened = opened;
        }

        /** Makes the ports the owner's and gives back those it no longer wants. */
        public void commit() {
            if (!done) {
                done = true;
                HostPorts.this.commit(owner, ports, opened);
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                opened.values().forEach(Reservation::release);
            }
        }
    }
}
