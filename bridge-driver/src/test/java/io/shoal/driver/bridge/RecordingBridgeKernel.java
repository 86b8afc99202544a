package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.NetworkRules;
import io.shoal.driver.bridge.firewall.PublishedPort;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.driver.support.testing.FakeHost;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.ObjectExistsException;
import io.shoal.spi.JoinRequest;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link BridgeKernel} over a {@link FakeHost}, taking the real implementation's steps in the real order (each a
 * possible crash point) and answering as the kernel does (EEXIST, ENODEV). Objects:
 *
 * <ul>
 *   <li>{@code link NAME}: a bridge ({@code bridge mtu M}) or a host veth end ({@code veth on BRIDGE})
 *   <li>{@code addr NAME ADDRESS}, {@code up NAME}: a link's address and its up flag
 *   <li>{@code sysctl KEY}: a host sysctl
 *   <li>{@code netns PATH}: a sandbox (made by the test); {@code iface PATH NAME} and {@code cfg PATH NAME}: the
 *       sandbox end of a veth and its addresses and routes; a retired end is {@code iface PATH shv…}, unconfigured
 *   <li>{@code rules ID}: a network's firewall rules
 * </ul>
 */
final class RecordingBridgeKernel implements BridgeKernel {
    private final FakeHost host;
    /** Departed endpoints' flushes ({@code flush [ADDRESS...]}) and plugs ({@code plug ENDPOINT}), in order. */
    final List<String> flowEvents = new CopyOnWriteArrayList<>();
    /** What each {@link #removeMarkedOrphans} was told is stored: {@code networks [IDS] bridges [NAMES] veths [NAMES]}, sorted. */
    final List<String> orphanSweeps = new CopyOnWriteArrayList<>();

    RecordingBridgeKernel(FakeHost host) {
        this.host = host;
    }

    FakeHost host() {
        return host;
    }

    @Override
    public boolean makeBridge(BridgeNetwork network, Rollback rollback) throws KernelException {
        String bridge = network.bridge();
        boolean owns = !host.has(link(bridge));
        if (owns) {
            host.add(link(bridge), "bridge mtu " + network.options().mtu());
            rollback.onFailure("delete bridge", () -> deleteLink(bridge));
        }
        for (IpPrefix gateway : network.gateways()) {
            host.add(addr(bridge, gateway), "");
            rollback.onFailure("remove address", () -> host.delete(addr(bridge, gateway), k -> false));
        }
        host.set("up " + bridge, "");
        sysctls(network);
        return owns;
    }

    @Override
    public boolean ensureBridge(BridgeNetwork network) throws KernelException {
        String bridge = network.bridge();
        boolean owns = network.ownsBridge();
        if (!host.has(link(bridge))) {
            host.add(link(bridge), "bridge mtu " + network.options().mtu());
            owns = true;
        }
        for (IpPrefix gateway : network.gateways()) {
            if (!host.has(addr(bridge, gateway))) {
                host.add(addr(bridge, gateway), "");
            }
        }
        host.set("up " + bridge, "");
        sysctls(network);
        return owns;
    }

    private void sysctls(BridgeNetwork network) {
        if (!network.internal()) {
            host.set("sysctl net.ipv4.ip_forward", "1");
        }
    }

    @Override
    public void retireBridge(BridgeNetwork network) throws KernelException {
        if (!network.ownsBridge()) {
            for (IpPrefix gateway : network.gateways()) {
                if (host.has(addr(network.bridge(), gateway))) {
                    host.delete(addr(network.bridge(), gateway), k -> false);
                }
            }
            return;
        }
        try {
            host.delete("up " + network.bridge(), k -> false);
            host.rename(link(network.bridge()), " " + network.bridge(), " " + network.tombstone());
        } catch (NoSuchObjectException e) {
            // gone already
        }
    }

    @Override
    public void removeBridge(BridgeNetwork network, Teardown teardown) {
        if (network.ownsBridge()) {
            teardown.step("delete tombstone", () -> deleteIfPresent(network.tombstone()));
            if (network.phase() == NetworkPhase.CREATING) {
                teardown.step("delete bridge", () -> deleteIfPresent(network.bridge()));
            }
            return;
        }
        for (IpPrefix gateway : network.gateways()) {
            teardown.step("remove gateway", () -> {
                if (host.has(addr(network.bridge(), gateway))) {
                    host.delete(addr(network.bridge(), gateway), k -> false);
                }
            });
        }
    }

    @Override
    public void plug(BridgeNetwork network, BridgeEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException {
        BridgeEndpoint.Join join = joining.join().orElseThrow();
        flowEvents.add("plug " + joining.id());
        if (!host.has("netns " + join.sandbox())) {
            throw KernelException.of("open", join.sandbox().toString(), 2, null);
        }
        String veth = "veth on " + network.bridge() + " to " + join.sandbox() + " " + join.interfaceName();
        try {
            addPair(join, veth);
        } catch (ObjectExistsException e) {
            // As EndpointPlumbing: a leftover pair of this endpoint's own host-side name is replaced.
            if (!host.has(link(join.hostVeth()))) {
                throw e;
            }
            deleteLink(join.hostVeth());
            addPair(join, veth);
        }
        rollback.onFailure("delete veth", () -> deleteLink(join.hostVeth()));
        host.set("cfg " + join.sandbox() + " " + join.interfaceName(), joining.ipv4() + " " + joining.ipv6());
    }

    /**
     * As EndpointPlumbing's hand-over pair made ahead of the join: {@code link HOSTVETH} = {@code veth on BRIDGE to
     * host NAME}, the container end {@code iface host NAME}; {@code prepare ENDPOINT} in {@link #flowEvents}. A name
     * in {@link #refusedNames} fails with EEXIST after the host end exists (so the rollback has something to undo).
     */
    @Override
    public void preparePlug(
            BridgeNetwork network, BridgeEndpoint endpoint, String hostVeth, String interfaceName, Rollback rollback)
            throws KernelException {
        flowEvents.add("prepare " + endpoint.id());
        BridgeEndpoint.Join join =
                new BridgeEndpoint.Join(hostVeth, java.nio.file.Path.of("host"), interfaceName, true);
        addPair(join, "veth on " + network.bridge() + " to host " + interfaceName);
        rollback.onFailure("delete veth", () -> deleteLink(hostVeth));
        if (refusedNames.contains(interfaceName)) {
            throw KernelException.of("RTM_NEWLINK", "veth " + interfaceName, 17 /* EEXIST */, null);
        }
    }

    /** Container-end names {@link #preparePlug} refuses (a test's fault). */
    final Set<String> refusedNames = new java.util.concurrent.CopyOnWriteArraySet<>();

    private void addPair(BridgeEndpoint.Join join, String veth) throws KernelException {
        if (host.has("iface " + join.sandbox() + " " + join.interfaceName())) {
            throw KernelException.of("RTM_NEWLINK", "veth " + join.interfaceName(), 17, null);
        }
        host.add(link(join.hostVeth()), veth);
        host.install("iface " + join.sandbox() + " " + join.interfaceName(), join.hostVeth(), false);
    }

    @Override
    public void unplug(BridgeEndpoint.Join join) throws KernelException {
        deleteIfPresent(join.hostVeth());
    }

    /** As EndpointPlumbing: the sandbox end loses its configuration, then its name (both steps). */
    @Override
    public void retirePlug(BridgeEndpoint.Join join, MacAddress mac, List<IpPrefix> addresses) throws KernelException {
        String end = join.sandbox() + " " + join.interfaceName();
        if (!host.has("netns " + join.sandbox())
                || !join.hostVeth().equals(host.get("iface " + end).orElse(""))) {
            return;
        }
        host.delete("cfg " + end, k -> false);
        host.rename("iface " + end, " " + end, " " + join.sandbox() + " " + BridgeEndpoint.tombstone(join.hostVeth()));
    }

    @Override
    public void deleteVeth(String hostVeth) throws KernelException {
        deleteIfPresent(hostVeth);
    }

    @Override
    public boolean plugged(BridgeEndpoint.Join join) {
        return host.has(link(join.hostVeth()));
    }

    @Override
    public void putRules(String networkId, NetworkRules rules) {
        host.set("rules " + networkId, rules.toString());
    }

    @Override
    public void removeRules(String networkId) {
        if (host.has("rules " + networkId)) {
            host.set("rules " + networkId, "removing");
            host.vanish(k -> k.equals("rules " + networkId));
        }
    }

    @Override
    public void restoreRules(Map<String, NetworkRules> rules) {
        host.set("ruleset", "restored");
        host.vanish(k -> k.startsWith("rules ") || k.equals("ruleset"));
        rules.forEach((id, r) -> host.install("rules " + id, r.toString(), false));
    }

    private void deleteIfPresent(String name) throws KernelException {
        if (host.has(link(name))) {
            deleteLink(name);
        }
    }

    /** Deletes a link with its addresses and flag, and for a veth the sandbox end with its configuration. */
    private void deleteLink(String name) throws KernelException {
        String value = host.get(link(name)).orElse("");
        host.delete(link(name), k -> k.startsWith("addr " + name + " ") || k.equals("up " + name));
        if (value.startsWith("veth on ")) {
            String[] parts = value.split(" ", -1);
            String sandboxEnd = parts[4] + " " + parts[5];
            String retired = parts[4] + " " + BridgeEndpoint.tombstone(name);
            host.vanish(k ->
                    k.equals("iface " + sandboxEnd) || k.equals("cfg " + sandboxEnd) || k.equals("iface " + retired));
        }
    }

    private static String link(String name) {
        return "link " + name;
    }

    private static String addr(String bridge, IpPrefix gateway) {
        return "addr " + bridge + " " + gateway;
    }

    /** What the kernel must hold for these records: nothing more, nothing less (sysctls aside, never turned off). */
    static SortedMap<String, String> expected(
            java.util.List<BridgeNetwork> networks, java.util.List<BridgeEndpoint> endpoints) {
        SortedMap<String, String> out = new TreeMap<>();
        for (BridgeNetwork network : networks) {
            String bridge = network.bridge();
            out.put(link(bridge), "bridge mtu " + network.options().mtu());
            network.gateways().forEach(g -> out.put(addr(bridge, g), ""));
            out.put("up " + bridge, "");
            java.util.List<BridgeEndpoint> members = endpoints.stream()
                    .filter(e -> e.networkId().equals(network.id()))
                    .toList();
            out.put(
                    "rules " + network.id(),
                    BridgeNetworkDriver.rules(network, members).toString());
        }
        for (BridgeEndpoint endpoint : endpoints) {
            endpoint.join().ifPresent(join -> {
                BridgeNetwork network = networks.stream()
                        .filter(n -> n.id().equals(endpoint.networkId()))
                        .findFirst()
                        .orElseThrow();
                out.put(
                        link(join.hostVeth()),
                        "veth on " + network.bridge() + " to " + join.sandbox() + " " + join.interfaceName());
                out.put("iface " + join.sandbox() + " " + join.interfaceName(), join.hostVeth());
                out.put("cfg " + join.sandbox() + " " + join.interfaceName(), endpoint.ipv4() + " " + endpoint.ipv6());
            });
        }
        return out;
    }

    /** Hairpin mode is a flag of the host veth: {@code hairpin NAME}. */
    @Override
    public void hairpin(String hostVeth) throws KernelException {
        if (!host.has(link(hostVeth))) {
            throw KernelException.of("RTM_SETLINK hairpin", hostVeth, 19 /* ENODEV */, null);
        }
        host.set("hairpin " + hostVeth, "");
    }

    /** The fake host has no conntrack table: nothing to forget (StaleFlowsTest covers what is chosen). */
    @Override
    public void forgetFlows(String endpointId, List<PublishedPort> before, List<PublishedPort> after) {}

    /** Records the flush of a departed endpoint's addresses in {@link #flowEvents}. */
    @Override
    public void forgetFlows(String endpointId, Collection<InetAddress> addresses) {
        flowEvents.add(
                "flush " + addresses.stream().map(InetAddress::getHostAddress).toList());
    }

    @Override
    public void removeMarkedOrphans(Set<String> networkIds, Set<String> bridges, Set<String> hostVeths) {
        orphanSweeps.add("networks " + new TreeSet<>(networkIds) + " bridges " + new TreeSet<>(bridges) + " veths "
                + new TreeSet<>(hostVeths));
    }
}
