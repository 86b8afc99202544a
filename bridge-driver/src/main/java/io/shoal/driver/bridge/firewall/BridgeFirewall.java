package io.shoal.driver.bridge.firewall;

import io.shoal.driver.support.KernelErrors;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.Nftables;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The firewall of every bridge network in one host namespace. Each change is one nftables transaction, so it is atomic,
 * and a failed change leaves both the kernel and this object as they were.
 *
 * <p>The first change, and {@link #restore}, write the whole table; after that a new network only adds its chains
 * and map elements (cheap in the kernel), while removing one deletes them (which costs the kernel an RCU grace
 * period; see {@link NftablesRuleset}).
 */
public final class BridgeFirewall {
    private final Nftables nft;
    private final Map<String, NetworkRules> byNetwork = new HashMap<>();
    /** Which network's chains the map elements for a bridge name point at. */
    private final Map<String, String> elementOwner = new HashMap<>();

    private boolean written;

    /** @param nft nftables of the host namespace */
    public BridgeFirewall(Nftables nft) {
        this.nft = nft;
    }

    /**
     * Sets one network's rules. A new network's elements take over its bridge name from a network still being
     * removed, if any.
     */
    public synchronized void put(String networkId, NetworkRules rules) {
        NetworkRules previous = byNetwork.get(networkId);
        if (!written) {
            Map<String, NetworkRules> all = new HashMap<>(byNetwork);
            all.put(networkId, rules);
            restore(all);
            return;
        }
        StringBuilder script = new StringBuilder();
        if (previous == null) {
            String owner = elementOwner.get(rules.bridge());
            if (owner != null) {
                script.append(NftablesRuleset.removeElements(byNetwork.get(owner)));
            }
            script.append(NftablesRuleset.addNetwork(rules));
        } else if (!previous.withPublished(rules.published()).equals(rules)) {
            script.append(NftablesRuleset.removeNetwork(previous, true)).append(NftablesRuleset.addNetwork(rules));
        }
        Map<String, NetworkRules> after = new HashMap<>(byNetwork);
        after.put(networkId, rules);
        if (!published(byNetwork).equals(published(after))) {
            script.append(NftablesRuleset.published(after.values()));
        }
        inHost(script.toString());
        byNetwork.put(networkId, rules);
        elementOwner.put(rules.bridge(), networkId);
    }

    /** Removes one network's rules. */
    public synchronized void remove(String networkId) {
        NetworkRules rules = byNetwork.get(networkId);
        if (rules == null) {
            return;
        }
        boolean ownsElements = networkId.equals(elementOwner.get(rules.bridge()));
        StringBuilder script = new StringBuilder(NftablesRuleset.removeNetwork(rules, ownsElements));
        if (!rules.published().isEmpty()) {
            Map<String, NetworkRules> after = new HashMap<>(byNetwork);
            after.remove(networkId);
            script.append(NftablesRuleset.published(after.values()));
        }
        inHost(script.toString());
        byNetwork.remove(networkId);
        if (ownsElements) {
            elementOwner.remove(rules.bridge());
        }
    }

    /** Replaces every network's rules at once (at start and after a restart); bridge names must be distinct. */
    public synchronized void restore(Map<String, NetworkRules> rules) {
        inHost(NftablesRuleset.render(List.copyOf(rules.values())));
        byNetwork.clear();
        byNetwork.putAll(rules);
        elementOwner.clear();
        rules.forEach((id, r) -> elementOwner.put(r.bridge(), id));
        written = true;
    }

    private static List<PublishedPort> published(Map<String, NetworkRules> networks) {
        return networks.values().stream()
                .filter(n -> !n.internal())
                .flatMap(n -> n.published().stream())
                .sorted(Comparator.comparing(PublishedPort::toString))
                .toList();
    }

    private void inHost(String script) {
        if (script.isEmpty()) {
            return;
        }
        try {
            nft.apply(script);
        } catch (KernelException e) {
            throw KernelErrors.translate("applying the bridge networks' firewall", e);
        }
    }
}
