package io.shoal.driver.vlan;

import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.driver.support.testing.FakeHost;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.spi.DriverException;
import io.shoal.spi.JoinRequest;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link MacvlanKernel} over a {@link FakeHost}, taking the real implementation's steps in the real order (each a
 * possible crash point) and answering as the kernel does. Objects: {@code link NAME} (a parent: {@code physical up},
 * {@code dummy up}, {@code vlan up}, or a veth end), {@code netns PATH} (a sandbox, made by the test), {@code iface PATH
 * NAME} (a macvlan in a sandbox), {@code cfg PATH NAME} (its addresses and routes), and {@code link NAME} with {@code
 * macvlan down …} for a handed-over macvlan waiting in the host (the test plays the engine: {@link #takeIn}, {@link
 * #giveBack}).
 */
final class RecordingMacvlanKernel implements MacvlanKernel {
    private final FakeHost host;
    private final boolean dummy;

    /** @param dummy whether this kernel has the dummy driver (else no-parent networks get a veth pair) */
    RecordingMacvlanKernel(FakeHost host, boolean dummy) {
        this.host = host;
        this.dummy = dummy;
    }

    @Override
    public MacvlanNetwork.Parent planParent(String networkId, Optional<ParentLink> requested) {
        if (requested.isEmpty()) {
            return new MacvlanNetwork.Parent(ParentLinks.internalName(networkId), MacvlanNetwork.Origin.DUMMY);
        }
        ParentLink parent = requested.get();
        if (host.has(link(parent.name()))) {
            return new MacvlanNetwork.Parent(parent.name(), MacvlanNetwork.Origin.ADOPTED);
        }
        if (parent.tagged() && host.has(link(parent.link()))) {
            return new MacvlanNetwork.Parent(parent.name(), MacvlanNetwork.Origin.SUB_INTERFACE);
        }
        throw DriverException.notFound("parent " + parent.name() + " does not exist");
    }

    @Override
    public MacvlanNetwork.Parent makeParent(MacvlanNetwork network, Rollback rollback) throws KernelException {
        MacvlanNetwork.Parent parent = network.parent();
        switch (parent.origin()) {
            case ADOPTED -> {
                return parent;
            }
            case SUB_INTERFACE -> {
                host.add(link(parent.name()), "vlan up");
                rollback.onFailure("delete sub-interface", () -> deleteLink(parent.name()));
                return parent;
            }
            default -> {
                String name = parent.name();
                if (dummy) {
                    host.add(link(name), "dummy up");
                    rollback.onFailure("delete dummy", () -> deleteLink(name));
                    return new MacvlanNetwork.Parent(name, MacvlanNetwork.Origin.DUMMY);
                }
                String peer = ParentLinks.internalPeerName(network.id());
                host.add(link(name), "veth up");
                host.install(link(peer), "veth down", false);
                rollback.onFailure("delete veth pair", () -> deleteLink(name));
                host.set(link(peer), "veth up");
                return new MacvlanNetwork.Parent(name, MacvlanNetwork.Origin.VETH_PAIR);
            }
        }
    }

    @Override
    public MacvlanNetwork.Parent ensureParent(MacvlanNetwork network) throws KernelException {
        MacvlanNetwork.Parent parent = network.parent();
        if (!parent.origin().owned()) {
            return parent;
        }
        if (host.has(link(parent.name()))) {
            return parent;
        }
        try (Rollback rollback = new Rollback()) {
            MacvlanNetwork.Parent made = makeParent(network, rollback);
            rollback.commit();
            return made;
        }
    }

    @Override
    public void removeParent(MacvlanNetwork network, Teardown teardown) {
        MacvlanNetwork.Parent parent = network.parent();
        if (parent.origin().owned()) {
            teardown.step("delete " + parent.name(), () -> {
                if (host.has(link(parent.name()))) {
                    deleteLink(parent.name());
                }
            });
        }
    }

    @Override
    public Optional<MacAddress> parentMac(MacvlanNetwork network) {
        return Optional.of(MacAddress.parse("02:00:00:00:00:01"));
    }

    @Override
    public void plug(MacvlanNetwork network, MacvlanEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException {
        MacvlanEndpoint.Join join = joining.join().orElseThrow();
        if (join.handedOver()) {
            if (joining.handedBack().isPresent()) {
                deleteHandedBack(joining);
            }
            host.add(link(join.interfaceName()), handedOver(network, joining));
            rollback.onFailure("delete macvlan", () -> unplug(join));
            return;
        }
        if (!host.has("netns " + join.sandbox())) {
            throw KernelException.of("open", join.sandbox().toString(), 2, null);
        }
        if (!host.has(link(network.parent().name()))) {
            throw KernelException.of("RTM_NEWLINK", "macvlan " + join.interfaceName(), 19, null);
        }
        host.add(iface(join), "macvlan on " + network.parent().name() + " " + joining.mac());
        rollback.onFailure("delete macvlan", () -> unplug(join));
        host.set(cfg(join), joining.ipv4() + " " + joining.ipv6());
    }

    @Override
    public void unplug(MacvlanEndpoint.Join join) throws KernelException {
        if (join.handedOver()) {
            if (host.has(link(join.interfaceName()))) {
                host.delete(link(join.interfaceName()), k -> false);
            }
            return;
        }
        if (host.has(iface(join))) {
            host.delete(iface(join), k -> k.equals(cfg(join)));
        }
    }

    @Override
    public void deleteHandedBack(MacvlanEndpoint idle) throws KernelException {
        if (idle.handedBack().isPresent() && host.has(link(idle.handedBack().get()))) {
            host.delete(link(idle.handedBack().get()), k -> false);
        }
    }

    @Override
    public boolean plugged(MacvlanEndpoint.Join join) {
        return join.handedOver() || host.has(iface(join));
    }

    /** The engine moves a handed-over macvlan from the host into its sandbox (dockerd, after the join). */
    void takeIn(String name) throws KernelException {
        host.delete(link(name), k -> false);
    }

    /** The engine moves it back into the host under its temporary name (dockerd, after the leave). */
    void giveBack(String name, String description) throws KernelException {
        host.add(link(name), description);
    }

    private static String handedOver(MacvlanNetwork network, MacvlanEndpoint endpoint) {
        return "macvlan down on " + network.parent().name() + " " + endpoint.mac();
    }

    /** Deleting a parent takes the macvlans on it along, wherever they are. */
    private void deleteLink(String name) throws KernelException {
        host.delete(link(name), k -> false);
        if (name.startsWith(ParentLinks.INTERNAL_PREFIX)) {
            host.vanish(k -> k.equals(link(ParentLinks.INTERNAL_PEER_PREFIX + name.substring(3))));
        }
    }

    private static String link(String name) {
        return "link " + name;
    }

    private static String iface(MacvlanEndpoint.Join join) {
        return "iface " + join.sandbox() + " " + join.interfaceName();
    }

    private static String cfg(MacvlanEndpoint.Join join) {
        return "cfg " + join.sandbox() + " " + join.interfaceName();
    }

    /** What the kernel must hold for these records besides the physical links: nothing more, nothing less. */
    static SortedMap<String, String> expected(List<MacvlanNetwork> networks, List<MacvlanEndpoint> endpoints) {
        SortedMap<String, String> out = new TreeMap<>();
        for (MacvlanNetwork network : networks) {
            MacvlanNetwork.Parent parent = network.parent();
            switch (parent.origin()) {
                case SUB_INTERFACE -> out.put(link(parent.name()), "vlan up");
                case DUMMY -> out.put(link(parent.name()), "dummy up");
                case VETH_PAIR -> {
                    out.put(link(parent.name()), "veth up");
                    out.put(link(ParentLinks.internalPeerName(network.id())), "veth up");
                }
                case ADOPTED -> {}
            }
        }
        for (MacvlanEndpoint endpoint : endpoints) {
            endpoint.join().filter(j -> !j.handedOver()).ifPresent(join -> {
                MacvlanNetwork network = networks.stream()
                        .filter(n -> n.id().equals(endpoint.networkId()))
                        .findFirst()
                        .orElseThrow();
                out.put(iface(join), "macvlan on " + network.parent().name() + " " + endpoint.mac());
                out.put(cfg(join), endpoint.ipv4() + " " + endpoint.ipv6());
            });
        }
        return out;
    }
}
