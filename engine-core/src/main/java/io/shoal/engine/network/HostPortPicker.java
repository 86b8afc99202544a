package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses host ports for {@link PortRequest}s that leave the choice to the engine: any port comes from Linux's default
 * ephemeral range 32768–60999 ({@code net.ipv4.ip_local_port_range}, ip-sysctl(7)), as Docker's port allocator
 * takes them, going round from where the last choice ended; a range ({@code 8000-8010:80}) gives its first free port.
 * Ports other endpoints publish, and ports the driver refused in an earlier attempt, are skipped.
 */
final class HostPortPicker {
    static final int EPHEMERAL_LOW = 32768;
    static final int EPHEMERAL_HIGH = 60999;

    private final AtomicInteger cursor;
    private final Set<String> unavailable;

    /**
     * @param cursor where the next any-port search starts; shared by every pick of the controller
     * @param inUse host ports ({@code proto/port}) other endpoints hold
     */
    HostPortPicker(AtomicInteger cursor, Set<String> inUse) {
        this.cursor = cursor;
        this.unavailable = new HashSet<>(inUse);
    }

    /** One port per request, in order. CONFLICT when a request's range has no free port left. */
    List<PublishedPort> choose(List<PortRequest> requests) throws EngineException {
        Set<String> taken = new HashSet<>(unavailable);
        List<PublishedPort> out = new ArrayList<>();
        for (PortRequest request : requests) {
            int port = request.hostPortLow() == request.hostPortHigh() && !request.anyHostPort()
                    ? request.hostPortLow()
                    : pick(request, taken);
            taken.add(key(request, port));
            out.add(new PublishedPort(request.containerPort(), request.hostAddress(), port));
        }
        return out;
    }

    /** Whether any request leaves the port to the engine, so a refused attempt may be retried with others. */
    static boolean hasChoice(List<PortRequest> requests) {
        return requests.stream().anyMatch(r -> r.hostPortLow() != r.hostPortHigh() || r.anyHostPort());
    }

    /** Remembers that the driver refused {@code chosen}: the ports the engine chose are not tried again. */
    void refused(List<PortRequest> requests, List<PublishedPort> chosen) {
        for (int i = 0; i < requests.size(); i++) {
            PortRequest request = requests.get(i);
            if (request.anyHostPort() || request.hostPortLow() != request.hostPortHigh()) {
                unavailable.add(key(request, chosen.get(i).hostPort()));
            }
        }
    }

    private int pick(PortRequest request, Set<String> taken) throws EngineException {
        boolean any = request.anyHostPort();
        int low = any ? EPHEMERAL_LOW : request.hostPortLow();
        int high = any ? EPHEMERAL_HIGH : request.hostPortHigh();
        int size = high - low + 1;
        int start = any ? Math.floorMod(cursor.getAndIncrement(), size) : 0;
        for (int i = 0; i < size; i++) {
            int port = low + (start + i) % size;
            if (!taken.contains(key(request, port))) {
                if (any) {
                    cursor.set(port - low + 1);
                }
                return port;
            }
        }
        throw new EngineException(
                ErrorKind.CONFLICT,
                "no free host port in " + low + "-" + high + " to publish " + request.containerPort()
                        + ": all are allocated");
    }

    private static String key(PortRequest request, int port) {
        return request.containerPort().protocol() + "/" + port;
    }
}
