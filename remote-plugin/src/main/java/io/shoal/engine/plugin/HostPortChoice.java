package io.shoal.engine.plugin;

import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.PortBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Chooses the host ports dockerd left to the driver ({@code docker run -p 80}: HostPort 0; {@code -p 8000-8010:80}: a
 * range) and retries with other choices when the driver says a chosen port is taken, as dockerd's port allocator
 * does for its own bridge. Free ports come from Linux's default ephemeral range, 32768–60999 ({@code
 * net.ipv4.ip_local_port_range}), going round.
 */
final class HostPortChoice {
    static final int EPHEMERAL_FIRST = 32768;
    static final int EPHEMERAL_LAST = 60999;
    private static final int ATTEMPTS = 16;

    /** One port request from dockerd's port map: a range of host ports (0–0: any). */
    record Wanted(
            PortBinding.Protocol protocol,
            java.util.Optional<java.net.InetAddress> hostAddress,
            int first,
            int last,
            int containerPort) {}

    private final AtomicInteger next = new AtomicInteger(EPHEMERAL_FIRST);

    /**
     * Publishes {@code wanted} through {@code program}, choosing ports, retrying after a CONFLICT when a port was
     * chosen here (at most 16 attempts).
     *
     * @return the bindings published
     */
    List<PortBinding> publish(List<Wanted> wanted, Consumer<List<PortBinding>> program) {
        int[] offsets = new int[wanted.size()];
        for (int attempt = 1; ; attempt++) {
            List<PortBinding> bindings = new ArrayList<>();
            boolean chose = false;
            for (int i = 0; i < wanted.size(); i++) {
                Wanted w = wanted.get(i);
                int port;
                if (w.first() == 0) {
                    port = nextEphemeral();
                    chose = true;
                } else if (w.last() > w.first()) {
                    port = w.first() + offsets[i] % (w.last() - w.first() + 1);
                    offsets[i]++;
                    chose = true;
                } else {
                    port = w.first();
                }
                bindings.add(new PortBinding(w.protocol(), w.hostAddress(), port, w.containerPort()));
            }
            try {
                program.accept(bindings);
                return bindings;
            } catch (DriverException e) {
                if (e.kind() != ErrorKind.CONFLICT || !chose || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private int nextEphemeral() {
        return next.getAndUpdate(p -> p >= EPHEMERAL_LAST ? EPHEMERAL_FIRST : p + 1);
    }
}
