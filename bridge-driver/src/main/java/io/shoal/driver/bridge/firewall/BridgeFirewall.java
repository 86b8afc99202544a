package io.shoal.driver.bridge.firewall;

import io.shoal.driver.support.KernelErrors;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The firewall of every bridge network in one host namespace. Each change re-renders Shoal's table and replaces it
 * in one nft transaction, so a change is atomic, and a failed change leaves both the kernel and this object as they
 * were.
 */
public final class BridgeFirewall {
    private final NetworkNamespace host;
    private final Nftables nft;
    private final Map<String, NetworkRules> byNetwork = new HashMap<>();

    public BridgeFirewall(NetworkNamespace host, Nftables nft) {
        this.host = host;
        this.nft = nft;
    }

    /** Sets one network's rules (adding the network if new) and applies the whole table. */
    public synchronized void put(String networkId, NetworkRules rules) {
        NetworkRules previous = byNetwork.put(networkId, rules);
        try {
            apply();
        } catch (RuntimeException e) {
            if (previous == null) {
                byNetwork.remove(networkId);
            } else {
                byNetwork.put(networkId, previous);
            }
            throw e;
        }
    }

    /** Removes one network's rules and applies the whole table. */
    public synchronized void remove(String networkId) {
        NetworkRules previous = byNetwork.remove(networkId);
        if (previous == null) {
            return;
        }
        try {
            apply();
        } catch (RuntimeException e) {
            byNetwork.put(networkId, previous);
            throw e;
        }
    }

    /** The rules now in force for one network, if any. */
    public synchronized Optional<NetworkRules> rules(String networkId) {
        return Optional.ofNullable(byNetwork.get(networkId));
    }

    /** Replaces every network's rules at once (after a restart) and applies them. */
    public synchronized void restore(Map<String, NetworkRules> rules) {
        byNetwork.clear();
        byNetwork.putAll(rules);
        apply();
    }

    /** Removes Shoal's table altogether. */
    public synchronized void clear() {
        byNetwork.clear();
        inHost(NftablesRuleset.removal());
    }

    private void apply() {
        inHost(NftablesRuleset.render(List.copyOf(byNetwork.values())));
    }

    private void inHost(String script) {
        try {
            host.runInside(() -> nft.apply(script));
        } catch (KernelException e) {
            throw KernelErrors.translate("entering the host namespace to apply the firewall", e);
        }
    }
}
