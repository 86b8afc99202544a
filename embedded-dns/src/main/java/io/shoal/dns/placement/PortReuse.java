package io.shoal.dns.placement;

import java.util.Optional;

/**
 * Whether a resolver started again in a namespace can do without writing its DNAT rule (docs/engine.md, "Restart").
 *
 * <p>The rule (127.0.0.11:53 to the listener's ports) lives in the container's namespace and outlives the engine; only
 * the listener's sockets die with it. An engine that starts again binds the ports it recorded, and when it got them
 * and a query sent to 127.0.0.11:53 inside the namespace comes back from the new listener ({@link RedirectProbe}),
 * the rule that is there is the right one: no nftables work at all. In every other case (nothing recorded, a port
 * taken meanwhile so others were bound, no answer: the rule is gone or leads elsewhere, {@code lo} is down) the rule
 * is written for the ports bound, as at a first attach. A wrong "keep" would leave the container without DNS, so
 * only an answer through port 53 keeps the rule.
 */
public final class PortReuse {
    private PortReuse() {}

    /**
     * Whether probing is worth it: only when the recorded ports were bound again (a rule for other ports is certainly
     * not the one wanted, and writing it is the answer then).
     */
    public static boolean probeWorthwhile(Optional<ListenerPorts> recorded, ListenerPorts bound) {
        return recorded.isPresent() && recorded.get().equals(bound);
    }

    /**
     * Whether the redirect can be left as it is: the ports recorded were bound again and the probe was answered.
     *
     * @param recorded the ports of the engine's previous listener in this namespace, if recorded
     * @param bound the ports the new listener holds
     * @param probeAnswered whether a query to port 53 in the namespace reached the new listener
     */
    public static boolean keepRedirect(Optional<ListenerPorts> recorded, ListenerPorts bound, boolean probeAnswered) {
        return probeWorthwhile(recorded, bound) && probeAnswered;
    }
}
