package io.shoal.driver.bridge.firewall;

import io.shoal.driver.support.KernelErrors;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.Nftables;
import io.shoal.netlink.NftablesException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The firewall of every bridge network in one host namespace. Each change is one nftables transaction, so it is atomic,
 * and a failed change leaves both the kernel and this object as they were. Besides Shoal's table, each transaction
 * keeps the hand-over past a dockerd's iptables ({@link ForwardHandover}) naming exactly the networks' bridges.
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
            script.append(NftablesRuleset.addNetwork(rules)).append(ForwardHandover.addBridge(rules.bridge()));
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
        Map<String, NetworkRules> after = new HashMap<>(byNetwork);
        after.remove(networkId);
        if (!rules.published().isEmpty()) {
            script.append(NftablesRuleset.published(after.values()));
        }
        script.append(ForwardHandover.rewrite(bridges(after)));
        inHost(script.toString());
        byNetwork.remove(networkId);
        if (ownsElements) {
            elementOwner.remove(rules.bridge());
        }
    }

    /** Replaces every network's rules at once (at start and after a restart); bridge names must be distinct. */
    public synchronized void restore(Map<String, NetworkRules> rules) {
        inHost(NftablesRuleset.render(List.copyOf(rules.values()))
                + ForwardHandover.render(bridges(rules), jumpsMissing()));
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

    private static List<String> bridges(Map<String, NetworkRules> networks) {
        return networks.values().stream().map(NetworkRules::bridge).distinct().toList();
    }

    /** Per family (ip, ip6): whether {@code DOCKER-USER} lacks the jump to Shoal's chain, or is missing. */
    private List<Boolean> jumpsMissing() {
        List<Boolean> missing = new ArrayList<>();
        for (String listing : ForwardHandover.listings()) {
            try {
                missing.add(!ForwardHandover.jumps(nft.list(listing)));
            } catch (NftablesException e) {
                // The table or the chain does not exist (yet): the hand-over makes both.
                missing.add(true);
            } catch (KernelException e) {
                throw KernelErrors.translate("reading dockerd's DOCKER-USER chain", e);
            }
        }
        return missing;
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
