package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.BridgeFirewall;
import io.shoal.driver.bridge.firewall.NetworkRules;
import io.shoal.driver.bridge.firewall.PublishedPort;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.spi.JoinRequest;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bridge driver's kernel work for real: links, sysctls and veths over rtnetlink, rules over libnftables. */
final class NetlinkBridgeKernel implements BridgeKernel {
    private final BridgeLinks links;
    /**
     * The same over a netlink socket of its own, for deleting the veth pairs leave retired: deleting a pair waits in
     * the kernel for an RCU grace period (tens of milliseconds) and a {@link NetlinkHandle} serves one call at a time,
     * so on the shared socket that wait would hold up the join that often follows a leave (a reconnect). Bridges of
     * deleted networks are still deleted over the shared socket: in two interleaved runs under load, letting that
     * deletion run alongside the next network create made the create slower (46–65 against 36 ms), not faster.
     */
    private final BridgeLinks teardownLinks;

    private final EndpointPlumbing plumbing;
    private final HostSysctls sysctls;
    private final BridgeFirewall firewall;
    private final StaleFlows staleFlows;
    private final NetlinkHandle host;

    NetlinkBridgeKernel(
            BridgeLinks links,
            BridgeLinks teardownLinks,
            EndpointPlumbing plumbing,
            HostSysctls sysctls,
            BridgeFirewall firewall,
            StaleFlows staleFlows,
            NetlinkHandle host) {
        this.links = links;
        this.teardownLinks = teardownLinks;
        this.plumbing = plumbing;
        this.sysctls = sysctls;
        this.firewall = firewall;
        this.staleFlows = staleFlows;
        this.host = host;
    }

    @Override
    public boolean makeBridge(BridgeNetwork network, Rollback rollback) throws KernelException {
        boolean owns = links.create(network, rollback);
        sysctls.forNetwork(network);
        return owns;
    }

    @Override
    public boolean ensureBridge(BridgeNetwork network) throws KernelException {
        boolean owns = links.ensure(network);
        sysctls.forNetwork(network);
        return owns;
    }

    @Override
    public void retireBridge(BridgeNetwork network) throws KernelException {
        links.retire(network);
    }

    @Override
    public void removeBridge(BridgeNetwork network, Teardown teardown) {
        links.delete(network, teardown);
    }

    @Override
    public void plug(BridgeNetwork network, BridgeEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException {
        plumbing.join(network, joining, request, rollback);
    }

    @Override
    public void preparePlug(
            BridgeNetwork network, BridgeEndpoint endpoint, String hostVeth, String interfaceName, Rollback rollback)
            throws KernelException {
        plumbing.handOverPair(network, endpoint, hostVeth, interfaceName, rollback);
    }

    @Override
    public void unplug(BridgeEndpoint.Join join) throws KernelException {
        plumbing.leave(join);
    }

    @Override
    public void retirePlug(BridgeEndpoint.Join join, MacAddress mac, List<IpPrefix> addresses) throws KernelException {
        plumbing.retire(join, mac, addresses);
    }

    @Override
    public void deleteVeth(String hostVeth) throws KernelException {
        teardownLinks.deleteIfPresent(hostVeth);
    }

    @Override
    public boolean plugged(BridgeEndpoint.Join join) throws KernelException {
        return plumbing.present(join);
    }

    @Override
    public void putRules(String networkId, NetworkRules rules) {
        firewall.put(networkId, rules);
    }

    @Override
    public void removeRules(String networkId) {
        firewall.remove(networkId);
    }

    @Override
    public void restoreRules(Map<String, NetworkRules> rules) {
        firewall.restore(rules);
    }

    @Override
    public void hairpin(String hostVeth) throws KernelException {
        host.linkSetHairpin(hostVeth, true);
    }

    @Override
    public void forgetFlows(String endpointId, List<PublishedPort> before, List<PublishedPort> after) {
        staleFlows.portsChanged(endpointId, before, after);
    }

    @Override
    public void forgetFlows(String endpointId, Collection<InetAddress> addresses) {
        staleFlows.endpointLeft(endpointId, addresses);
    }

    @Override
    public void removeMarkedOrphans(Set<String> networkIds, Set<String> bridges, Set<String> hostVeths) {
        new MarkedLinks(host).removeOrphans(networkIds, bridges, hostVeths);
    }
}
