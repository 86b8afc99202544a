package io.shoal.driver.bridge;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.Link;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NoSuchObjectException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes at a start the links Shoal made that nothing stored owns any more (what a crash between a kernel change and
 * its record, or a removal that failed, can leave): a bridge carrying {@link BridgeMark Shoal's mark} for a network
 * no record names, and a veth named as Shoal names host ends ({@code veth} and 11 hex digits, {@link
 * BridgeEndpoint#hostVethName}) plugged into such a marked bridge whose name no endpoint record (nor retired pair)
 * holds. Nothing else is touched: an unmarked bridge (a dockerd's {@code br-…}, a user's, one Shoal adopted by name),
 * a port of another name (the bridge's deletion only unplugs it), any link of an unmarked bridge.
 *
 * <p>One log line per removed link; a failure is logged and the others are still removed. Never throws: a start must
 * not fail over a leftover.
 */
final class MarkedLinks {
    private static final System.Logger LOG = System.getLogger(MarkedLinks.class.getName());
    private static final Pattern HOST_VETH = Pattern.compile("veth[0-9a-f]{11}");

    private final NetlinkHandle host;

    MarkedLinks(NetlinkHandle host) {
        this.host = host;
    }

    /**
     * Removes the orphans among the host namespace's links.
     *
     * @param networkIds every network the driver's store holds, in any phase
     * @param bridges the bridge names of those networks: a marked bridge of such a name stays whatever network its
     *     mark names (a bridge left by an earlier data root, adopted by name since, still carries the old mark)
     * @param hostVeths every host veth an endpoint record or a retired pair names
     * @return the names of the links removed, ports before their bridge
     */
    List<String> removeOrphans(Set<String> networkIds, Set<String> bridges, Set<String> hostVeths) {
        List<Link> links;
        try {
            links = host.linkList();
        } catch (KernelException e) {
            LOG.log(
                    Level.WARNING,
                    "cannot list the host's links to remove orphaned bridges and veths: " + e.getMessage());
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        for (Link bridge : links) {
            Optional<String> network = BridgeMark.networkOf(bridge).filter(id -> isBridge(bridge));
            if (network.isEmpty()) {
                continue;
            }
            boolean orphan = !networkIds.contains(network.get()) && !bridges.contains(bridge.name());
            for (Link port : links) {
                boolean ours = port.masterIndex().orElse(-1) == bridge.index()
                        && port.kind().filter("veth"::equals).isPresent()
                        && HOST_VETH.matcher(port.name()).matches();
                if (ours && (orphan || !hostVeths.contains(port.name()))) {
                    remove(port, "veth", "on bridge " + bridge.name() + ", no stored endpoint owns it", removed);
                }
            }
            if (orphan) {
                remove(bridge, "bridge", "marked for network " + network.get() + ", which is not stored", removed);
            }
        }
        return removed;
    }

    private static boolean isBridge(Link link) {
        return link.kind().filter("bridge"::equals).isPresent();
    }

    private void remove(Link link, String what, String why, List<String> removed) {
        try {
            host.linkDelete(link.name());
        } catch (NoSuchObjectException gone) {
            // Gone meanwhile (a veth leaves with its peer's namespace): nothing to remove.
            return;
        } catch (KernelException e) {
            LOG.log(
                    Level.WARNING,
                    "orphaned " + what + " " + link.name() + " (" + why + ") could not be removed: " + e.getMessage());
            return;
        }
        removed.add(link.name());
        LOG.log(Level.INFO, "orphaned " + what + " " + link.name() + " removed: " + why);
    }
}
