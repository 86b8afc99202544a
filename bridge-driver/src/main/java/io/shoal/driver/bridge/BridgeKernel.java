package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.NetworkRules;
import io.shoal.driver.bridge.firewall.PublishedPort;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.spi.JoinRequest;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the bridge driver does to the kernel, behind one narrow seam (as moby's bridge driver keeps its firewall
 * behind {@code firewaller}): {@link NetlinkBridgeKernel} does it for real, a recording fake does it in the unit tests,
 * so restore, rollback and every crash point are tested without root. Removals find what is gone and count it as
 * done.
 */
interface BridgeKernel {
    /**
     * Makes (or adopts) the network's bridge with its gateway addresses and MTU, up, and sets the host sysctls it
     * needs, registering each undo with {@code rollback}.
     *
     * @return whether the bridge was made here (false: an existing bridge of that name was adopted)
     */
    boolean makeBridge(BridgeNetwork network, Rollback rollback) throws KernelException;

    /**
     * Makes whatever of a ready network's bridge and sysctls is missing, after a restart or a reboot.
     *
     * @return whether the driver owns the bridge now
     */
    boolean ensureBridge(BridgeNetwork network) throws KernelException;

    /** Takes the bridge out of service at once (renamed to its tombstone, or an adopted one stripped of gateways). */
    void retireBridge(BridgeNetwork network) throws KernelException;

    /** Deletes what is left of the network's bridge. */
    void removeBridge(BridgeNetwork network, Teardown teardown);

    /** Makes the veth pair its {@code joining} record names, and configures the sandbox's end. */
    void plug(BridgeNetwork network, BridgeEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException;

    /**
     * Makes the pair of a hand-over join ahead of the join ({@link PreparedPairs}): the host end {@code hostVeth} on
     * the network's bridge and up, the container end down in the host namespace as {@code interfaceName} with the
     * endpoint's MAC; registers its deletion with {@code rollback}.
     */
    void preparePlug(
            BridgeNetwork network, BridgeEndpoint endpoint, String hostVeth, String interfaceName, Rollback rollback)
            throws KernelException;

    /** Deletes the pair (its host end takes the sandbox end along); a no-op when it is gone. */
    void unplug(BridgeEndpoint.Join join) throws KernelException;

    /**
     * Takes the pair's sandbox end out of service at once (down, without addresses, renamed to {@link
     * BridgeEndpoint#tombstone}); the pair stays until {@link #deleteVeth}. A no-op when the sandbox or the
     * interface is gone.
     */
    void retirePlug(BridgeEndpoint.Join join, MacAddress mac, List<IpPrefix> addresses) throws KernelException;

    /** Deletes the pair whose host end is {@code hostVeth}, wherever its other end is; a no-op when it is gone. */
    void deleteVeth(String hostVeth) throws KernelException;

    /** Whether the pair's host end still exists. */
    boolean plugged(BridgeEndpoint.Join join) throws KernelException;

    /** Sets one network's firewall rules, in one transaction. */
    void putRules(String networkId, NetworkRules rules);

    /** Removes one network's firewall rules; a no-op for a network that has none. */
    void removeRules(String networkId);

    /** Replaces every network's rules at once. */
    void restoreRules(Map<String, NetworkRules> rules);

    /**
     * Turns hairpin mode on for a host veth whose endpoint publishes ports: with br_netfilter a request from the
     * container to its own published port is bridged back out of the port it came in on, which a bridge refuses
     * otherwise (bridge(8), {@code hairpin}).
     */
    void hairpin(String hostVeth) throws KernelException;

    /**
     * Deletes the host's conntrack flows that an endpoint's change of published ports from {@code before} to {@code
     * after} made wrong (see {@link StaleFlows#portsChanged}); logs, never throws: the change itself is done.
     */
    void forgetFlows(String endpointId, List<PublishedPort> before, List<PublishedPort> after);

    /** Deletes the host's conntrack flows of a departed endpoint's addresses; logs, never throws. */
    void forgetFlows(String endpointId, Collection<InetAddress> addresses);

    /**
     * After a restart: removes the links carrying Shoal's mark that no record owns ({@link MarkedLinks}); logs one
     * line per removed link, never throws.
     *
     * @param networkIds every stored network's id
     * @param bridges every stored network's bridge name
     * @param hostVeths every host veth a stored endpoint or retired pair names
     */
    void removeMarkedOrphans(Set<String> networkIds, Set<String> bridges, Set<String> hostVeths);
}
