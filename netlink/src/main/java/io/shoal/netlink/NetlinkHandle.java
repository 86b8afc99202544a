package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.wire.IfInfoMsg;
import io.shoal.netlink.wire.IfLink;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.Netlink;
import io.shoal.netlink.wire.RtMsg;
import io.shoal.netlink.wire.Rtnetlink;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The links, addresses, routes and neighbours of one network namespace, over one rtnetlink socket: an iproute2-shaped
 * API ({@code ip link add} is {@link #linkAdd}, {@code ip route replace} is {@link #routeReplace}).
 *
 * <p>Each call sends one request and waits only for its answer. A call that names a link by name where the kernel
 * wants an index (a master, a parent, the link of an address, route or neighbour) first looks the index up, one
 * RTM_GETLINK; the overloads taking an index skip that.
 *
 * <p>Errors: the kernel's refusals are {@link KernelException}s (subclass by errno) naming the request type and the
 * object, e.g. {@code RTM_NEWLINK veth shoal0a: EEXIST (File exists)}. Arguments the kernel would reject for any
 * device (an interface name over 15 bytes, a VLAN id over 4094) are {@link IllegalArgumentException}s before anything is
 * sent.
 *
 * <p>Thread-safe: calls are serialized on the handle. The handle stays in its namespace whichever thread uses it.
 */
public final class NetlinkHandle implements AutoCloseable {
    /** {@code IFLA_PROTINFO} (linux/if_link.h). */
    private static final int IFLA_PROTINFO = 12;
    /** {@code IFLA_BRPORT_MODE}: the port's hairpin mode. */
    private static final int IFLA_BRPORT_MODE = 4;
    /** {@code NLA_F_NESTED}, which br_setlink needs to read IFLA_PROTINFO as port attributes. */
    private static final int NLA_F_NESTED = 0x8000;

    private static final int CREATE_NEW = Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL;

    private final RtnetlinkSocket socket;

    private NetlinkHandle(RtnetlinkSocket socket) {
        this.socket = socket;
    }

    /** A handle on the calling thread's current network namespace. */
    public static NetlinkHandle open() throws KernelException {
        return new NetlinkHandle(RtnetlinkSocket.open());
    }

    /**
     * A handle on {@code namespace}: the socket is opened by a thread inside it (see
     * {@link NetworkNamespace#callInside}) and stays there, so the handle works from any thread. The namespace may be
     * closed afterwards; the handle keeps it alive until the handle is closed.
     */
    public static NetlinkHandle openIn(NetworkNamespace namespace) throws KernelException {
        return new NetlinkHandle(namespace.callInside(RtnetlinkSocket::open));
    }

    // ---- links -------------------------------------------------------------------------------------------------

    /**
     * Creates a link ({@code ip link add}), failing with {@link ObjectExistsException} if the name is taken. The
     * master and the parent (macvlan, VLAN, VXLAN underlay) are looked up by name first.
     */
    public synchronized void linkAdd(LinkSpec spec) throws KernelException {
        int masterIndex = spec.options().master().isPresent()
                ? linkIndex(spec.options().master().get())
                : 0;
        int parentIndex =
                parentName(spec).isPresent() ? linkIndex(parentName(spec).get()) : 0;
        MessageWriter writer = socket.begin(Rtnetlink.RTM_NEWLINK, CREATE_NEW);
        LinkMessages.writeNewLink(writer, spec, parentIndex, masterIndex);
        socket.execute("RTM_NEWLINK", spec.kind() + " " + spec.name());
    }

    /**
     * Creates a link directly in {@code target} under its final name: the parent (a macvlan's, say) is looked up
     * here, the device is registered there. Making it here and moving it would cost an RCU grace period
     * (dev_change_net_namespace calls synchronize_net), tens of milliseconds on a busy machine. The name must be free
     * in {@code target} ({@link ObjectExistsException} otherwise). A master cannot be given, since it would name a
     * link of this namespace.
     */
    public synchronized void linkAddIn(LinkSpec spec, NetworkNamespace target) throws KernelException {
        if (spec.options().master().isPresent()) {
            throw new IllegalArgumentException(
                    "a link created in another namespace cannot be given a master here: " + spec.name());
        }
        int parentIndex =
                parentName(spec).isPresent() ? linkIndex(parentName(spec).get()) : 0;
        MessageWriter writer = socket.begin(Rtnetlink.RTM_NEWLINK, CREATE_NEW);
        LinkMessages.writeNewLink(writer, spec, parentIndex, 0, target.fd());
        socket.execute("RTM_NEWLINK", spec.kind() + " " + spec.name() + " in " + target);
    }

    /** Deletes a link by name ({@code ip link del}); deleting one end of a veth deletes both. */
    public synchronized void linkDelete(String name) throws KernelException {
        LinkOptions.checkName(name);
        LinkMessages.writeSelect(socket.begin(Rtnetlink.RTM_DELLINK, 0), 0, name);
        socket.execute("RTM_DELLINK", "link " + name);
    }

    /** The link named {@code name}; {@link NoSuchObjectException} if there is none. */
    public synchronized Link linkGet(String name) throws KernelException {
        LinkOptions.checkName(name);
        LinkMessages.writeGet(socket.begin(Rtnetlink.RTM_GETLINK, 0), 0, name);
        return socket.get("RTM_GETLINK", "link " + name, LinkMessages::decode);
    }

    /** The link with {@code index}; {@link NoSuchObjectException} if there is none. */
    public synchronized Link linkGet(int index) throws KernelException {
        requireIndex(index);
        LinkMessages.writeGet(socket.begin(Rtnetlink.RTM_GETLINK, 0), index, "");
        return socket.get("RTM_GETLINK", "link #" + index, LinkMessages::decode);
    }

    /** The link named {@code name}, or empty if there is none. */
    public synchronized Optional<Link> linkFind(String name) throws KernelException {
        try {
            return Optional.of(linkGet(name));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** The index of the link named {@code name}; {@link NoSuchObjectException} if there is none. */
    public synchronized int linkIndex(String name) throws KernelException {
        LinkOptions.checkName(name);
        LinkMessages.writeGet(socket.begin(Rtnetlink.RTM_GETLINK, 0), 0, name);
        return socket.get(
                "RTM_GETLINK", "link " + name, m -> IfInfoMsg.read(m.payload()).index());
    }

    /** Every link of the namespace, in index order. */
    public synchronized List<Link> linkList() throws KernelException {
        LinkMessages.writeDump(socket.begin(Rtnetlink.RTM_GETLINK, 0));
        return socket.dump("RTM_GETLINK", "all links", LinkMessages::decode);
    }

    /** Brings the link up ({@code ip link set NAME up}). */
    public synchronized void linkSetUp(String name) throws KernelException {
        setUp(name, true);
    }

    /** Takes the link down ({@code ip link set NAME down}). */
    public synchronized void linkSetDown(String name) throws KernelException {
        setUp(name, false);
    }

    /** Sets the MTU; the kernel refuses values outside the device's range with {@link InvalidRequestException}. */
    public synchronized void linkSetMtu(String name, int mtu) throws KernelException {
        selectForSet(name).u32Attribute(IfLink.IFLA_MTU, mtu);
        socket.execute("RTM_SETLINK", "link " + name + " mtu " + mtu);
    }

    /**
     * Sets the link's alias ({@code ip link set NAME alias TEXT}): free text the kernel keeps with the link and reports
     * in {@link Link#alias}; an empty text clears it. At most 255 bytes (IFALIASZ in linux/if.h, with the NUL);
     * {@link InvalidRequestException} for a longer one.
     */
    public synchronized void linkSetAlias(String name, String alias) throws KernelException {
        selectForSet(name).stringAttribute(IfLink.IFLA_IFALIAS, alias);
        socket.execute("RTM_SETLINK", "link " + name + " alias " + alias);
    }

    /** Sets the hardware address. */
    public synchronized void linkSetMac(String name, MacAddress mac) throws KernelException {
        selectForSet(name).attribute(IfLink.IFLA_ADDRESS, mac.octets());
        socket.execute("RTM_SETLINK", "link " + name + " address " + mac);
    }

    /**
     * Renames the link ({@code ip link set OLD name NEW}); {@link ObjectExistsException} if the new name is taken.
     * Kernels before 6.2 also refuse while the link is up (EBUSY). The kernel selects a link by IFLA_IFNAME only when
     * the index is 0, and here IFLA_IFNAME carries the new name, so this looks the index up first.
     */
    public synchronized void linkSetName(String name, String newName) throws KernelException {
        linkSetName(linkIndex(name), newName);
    }

    /** Renames the link with {@code index}. */
    public synchronized void linkSetName(int index, String newName) throws KernelException {
        requireIndex(index);
        LinkOptions.checkName(newName);
        MessageWriter writer = socket.begin(Rtnetlink.RTM_SETLINK, 0);
        LinkMessages.writeSelect(writer, index, "");
        writer.stringAttribute(IfLink.IFLA_IFNAME, newName);
        socket.execute("RTM_SETLINK", "link #" + index + " name " + newName);
    }

    /** Enslaves the link to {@code masterName} (a bridge) ({@code ip link set NAME master BR}). */
    public synchronized void linkSetMaster(String name, String masterName) throws KernelException {
        int masterIndex = linkIndex(masterName);
        selectForSet(name).u32Attribute(IfLink.IFLA_MASTER, masterIndex);
        socket.execute("RTM_SETLINK", "link " + name + " master " + masterName);
    }

    /**
     * Turns a bridge port's hairpin mode on or off ({@code bridge link set dev NAME hairpin on}): with it the bridge
     * may send a frame back out of the port it came in on, which a container reaching its own published port through
     * br_netfilter needs. An RTM_SETLINK of family AF_BRIDGE with IFLA_PROTINFO (nested) / IFLA_BRPORT_MODE
     * (linux/if_link.h); {@link InvalidRequestException} or {@link UnsupportedByKernelException} when the link is no
     * bridge port.
     */
    public synchronized void linkSetHairpin(String name, boolean on) throws KernelException {
        int index = linkIndex(name);
        MessageWriter writer = socket.begin(Rtnetlink.RTM_SETLINK, 0);
        new IfInfoMsg(Rtnetlink.AF_BRIDGE, 0, index, 0, 0).writeTo(writer);
        int protinfo = writer.beginNested(IFLA_PROTINFO | NLA_F_NESTED);
        writer.u8Attribute(IFLA_BRPORT_MODE, on ? 1 : 0);
        writer.endNested(protinfo);
        socket.execute("RTM_SETLINK", "bridge port " + name + " hairpin " + (on ? "on" : "off"));
    }

    /** Releases the link from its master ({@code ip link set NAME nomaster}). */
    public synchronized void linkSetNoMaster(String name) throws KernelException {
        selectForSet(name).u32Attribute(IfLink.IFLA_MASTER, 0);
        socket.execute("RTM_SETLINK", "link " + name + " nomaster");
    }

    /**
     * Moves the link into {@code namespace} ({@code ip link set NAME netns NS}). It keeps its name unless that is taken
     * there (EEXIST), and goes down; its addresses are dropped.
     */
    public synchronized void linkSetNamespace(String name, NetworkNamespace namespace) throws KernelException {
        selectForSet(name).u32Attribute(IfLink.IFLA_NET_NS_FD, namespace.fd());
        socket.execute("RTM_SETLINK", "link " + name + " netns " + namespace);
    }

    /**
     * Moves the link into the namespace open as {@code namespaceFd} ({@code ip link set NAME netns NS}). It keeps its
     * name unless that is taken there (EEXIST), and goes down.
     */
    public synchronized void linkSetNamespace(String name, int namespaceFd) throws KernelException {
        selectForSet(name).u32Attribute(IfLink.IFLA_NET_NS_FD, namespaceFd);
        socket.execute("RTM_SETLINK", "link " + name + " netns fd " + namespaceFd);
    }

    // ---- addresses ---------------------------------------------------------------------------------------------

    /** Assigns {@code address} to the link named {@code link} ({@code ip addr add ADDR dev LINK}). */
    public synchronized void addrAdd(String link, IpPrefix address, AddressFlag... flags) throws KernelException {
        addrAdd(linkIndex(link), address, flags);
    }

    /**
     * Assigns {@code address} to the link with {@code index}. Pass {@link AddressFlag#NODAD} for an IPv6 address
     * that must be usable at once; without it the address stays TENTATIVE while duplicate address detection runs.
     */
    public synchronized void addrAdd(int index, IpPrefix address, AddressFlag... flags) throws KernelException {
        requireIndex(index);
        Set<AddressFlag> set = flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags);
        AddressMessages.writeAdd(socket.begin(Rtnetlink.RTM_NEWADDR, CREATE_NEW), index, address, set);
        socket.execute("RTM_NEWADDR", address + " dev #" + index);
    }

    /** Removes {@code address} from the link named {@code link}. */
    public synchronized void addrDelete(String link, IpPrefix address) throws KernelException {
        addrDelete(linkIndex(link), address);
    }

    /** Removes {@code address} from the link with {@code index}. */
    public synchronized void addrDelete(int index, IpPrefix address) throws KernelException {
        requireIndex(index);
        AddressMessages.writeDelete(socket.begin(Rtnetlink.RTM_DELADDR, 0), index, address);
        socket.execute("RTM_DELADDR", address + " dev #" + index);
    }

    /** Every address of {@code family} in the namespace. */
    public synchronized List<Address> addrList(IpFamily family) throws KernelException {
        AddressMessages.writeDump(socket.begin(Rtnetlink.RTM_GETADDR, 0), family);
        return socket
                .dump(
                        "RTM_GETADDR",
                        "addresses",
                        m -> family.matches(AddressMessages.family(m)) ? AddressMessages.decode(m) : null)
                .stream()
                .filter(a -> a != null)
                .toList();
    }

    /** The addresses of {@code family} on the link named {@code link}. */
    public synchronized List<Address> addrList(String link, IpFamily family) throws KernelException {
        int index = linkIndex(link);
        return addrList(family).stream().filter(a -> a.linkIndex() == index).toList();
    }

    // ---- routes ------------------------------------------------------------------------------------------------

    /** Adds a route ({@code ip route add}); {@link ObjectExistsException} if an equal one exists. */
    public synchronized void routeAdd(Route route) throws KernelException {
        RouteMessages.writeNew(socket.begin(Rtnetlink.RTM_NEWROUTE, CREATE_NEW), route);
        socket.execute("RTM_NEWROUTE", "route " + route);
    }

    /** Adds a route or replaces the one with the same destination, table and metric ({@code ip route replace}). */
    public synchronized void routeReplace(Route route) throws KernelException {
        RouteMessages.writeNew(
                socket.begin(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE), route);
        socket.execute("RTM_NEWROUTE", "route " + route);
    }

    /**
     * Deletes a route ({@code ip route del}): the destination and table must match; gateway, output link and metric
     * must match when given.
     */
    public synchronized void routeDelete(Route route) throws KernelException {
        RouteMessages.writeDelete(socket.begin(Rtnetlink.RTM_DELROUTE, 0), route);
        socket.execute("RTM_DELROUTE", "route " + route);
    }

    /** The unicast routes of {@code family} in the main table ({@code ip route show}). */
    public synchronized List<Route> routeList(IpFamily family) throws KernelException {
        return routeList(family, Rtnetlink.RT_TABLE_MAIN);
    }

    /** The unicast routes of {@code family} in {@code table}. */
    public synchronized List<Route> routeList(IpFamily family, int table) throws KernelException {
        RouteMessages.writeDump(socket.begin(Rtnetlink.RTM_GETROUTE, 0), family);
        return socket
                .dump("RTM_GETROUTE", "routes", m -> {
                    RtMsg header = RouteMessages.header(m);
                    boolean wanted = family.matches(header.family())
                            && header.type() == Rtnetlink.RTN_UNICAST
                            && RouteMessages.table(header, m.attributes(RtMsg.LENGTH)) == table;
                    return wanted ? RouteMessages.decode(m) : null;
                })
                .stream()
                .filter(r -> r != null)
                .toList();
    }

    // ---- neighbours --------------------------------------------------------------------------------------------

    /** Adds a permanent neighbour entry ({@code ip neigh add IP lladdr MAC dev LINK nud permanent}). */
    public synchronized void neighAdd(String link, InetAddress address, MacAddress mac) throws KernelException {
        neighAdd(linkIndex(link), address, mac);
    }

    /** Adds a permanent neighbour entry on the link with {@code index}. */
    public synchronized void neighAdd(int index, InetAddress address, MacAddress mac) throws KernelException {
        requireIndex(index);
        NeighbourMessages.writeAdd(socket.begin(Rtnetlink.RTM_NEWNEIGH, CREATE_NEW), index, address, mac);
        socket.execute("RTM_NEWNEIGH", "neighbour " + IpAddresses.format(address) + " dev #" + index);
    }

    /** Deletes the neighbour entry for {@code address} on the link named {@code link}. */
    public synchronized void neighDelete(String link, InetAddress address) throws KernelException {
        int index = linkIndex(link);
        NeighbourMessages.writeDelete(socket.begin(Rtnetlink.RTM_DELNEIGH, 0), index, address);
        socket.execute("RTM_DELNEIGH", "neighbour " + IpAddresses.format(address) + " dev " + link);
    }

    /** The neighbour entries of {@code family} ({@code ip neigh show}). */
    public synchronized List<NeighbourEntry> neighList(IpFamily family) throws KernelException {
        NeighbourMessages.writeDump(socket.begin(Rtnetlink.RTM_GETNEIGH, 0), family);
        return socket
                .dump(
                        "RTM_GETNEIGH",
                        "neighbours",
                        m -> family.matches(NeighbourMessages.family(m)) ? NeighbourMessages.decode(m) : null)
                .stream()
                .filter(n -> n != null)
                .toList();
    }

    /** Closes the socket. */
    @Override
    public synchronized void close() throws KernelException {
        socket.close();
    }

    private void setUp(String name, boolean up) throws KernelException {
        LinkOptions.checkName(name);
        LinkMessages.writeSetUp(socket.begin(Rtnetlink.RTM_SETLINK, 0), 0, name, up);
        socket.execute("RTM_SETLINK", "link " + name + (up ? " up" : " down"));
    }

    /** Begins an RTM_SETLINK naming the link by IFLA_IFNAME; the caller appends the attribute to change. */
    private MessageWriter selectForSet(String name) {
        LinkOptions.checkName(name);
        MessageWriter writer = socket.begin(Rtnetlink.RTM_SETLINK, 0);
        LinkMessages.writeSelect(writer, 0, name);
        return writer;
    }

    private static Optional<String> parentName(LinkSpec spec) {
        if (spec instanceof LinkSpec.Macvlan macvlan) {
            return Optional.of(macvlan.parent());
        }
        if (spec instanceof LinkSpec.Vlan vlan) {
            return Optional.of(vlan.parent());
        }
        if (spec instanceof LinkSpec.Vxlan vxlan) {
            return vxlan.parent();
        }
        return Optional.empty();
    }

    private static void requireIndex(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("link index must be positive: " + index);
        }
    }
}
