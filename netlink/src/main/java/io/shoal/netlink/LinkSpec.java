package io.shoal.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A link to create with {@link NetlinkHandle#linkAdd}: one record per kind, each carrying the common
 * {@link LinkOptions} and its kind's own settings. Values the kernel would reject for every device of a kind (a VLAN
 * id above 4094, a VNI above 2^24-1) are refused here with IllegalArgumentException.
 */
public sealed interface LinkSpec
        permits LinkSpec.Bridge, LinkSpec.Dummy, LinkSpec.Veth, LinkSpec.Macvlan, LinkSpec.Vlan, LinkSpec.Vxlan {
    /** The common options: name, MTU, MAC, master, up. */
    LinkOptions options();

    /** The kernel's name for the kind (IFLA_INFO_KIND), e.g. {@code veth}. */
    String kind();

    /** The link's name. */
    default String name() {
        return options().name();
    }

    /**
     * A Linux bridge.
     *
     * @param options common options
     */
    record Bridge(LinkOptions options) implements LinkSpec {
        /** Checks for null. */
        public Bridge {
            Objects.requireNonNull(options, "options");
        }

        /** A bridge with default options. */
        public static Bridge named(String name) {
            return new Bridge(LinkOptions.named(name));
        }

        @Override
        public String kind() {
            return "bridge";
        }
    }

    /**
     * A dummy device: a link that drops everything it is given, useful as a parent or an anchor for addresses.
     *
     * @param options common options
     */
    record Dummy(LinkOptions options) implements LinkSpec {
        /** Checks for null. */
        public Dummy {
            Objects.requireNonNull(options, "options");
        }

        /** A dummy with default options. */
        public static Dummy named(String name) {
            return new Dummy(LinkOptions.named(name));
        }

        @Override
        public String kind() {
            return "dummy";
        }
    }

    /**
     * A veth pair. The peer can be created directly in another namespace (IFLA_NET_NS_FD inside VETH_INFO_PEER), under
     * its final name, with its MAC and MTU, so no later move or rename is needed.
     *
     * @param options this end's options
     * @param peer the other end's options; its master must be empty (it would name a link in the peer's namespace)
     *     and it cannot be up (the kernel opens it before pairing and fails with ENOTCONN)
     * @param peerNamespaceFd an open file descriptor of the namespace to create the peer in; empty for this one. It
     *     must stay open until {@link NetlinkHandle#linkAdd} returns.
     */
    record Veth(LinkOptions options, LinkOptions peer, OptionalInt peerNamespaceFd) implements LinkSpec {
        /** Checks that the peer names no master. */
        public Veth {
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(peerNamespaceFd, "peerNamespaceFd");
            if (peer.master().isPresent()) {
                throw new IllegalArgumentException("a veth peer cannot be given a master on creation: "
                        + "enslave it with linkSetMaster in its namespace");
            }
            if (peer.up()) {
                // veth_newlink configures the peer before pairing it, so opening it fails with ENOTCONN
                // (drivers/net/veth.c, veth_open); bring it up afterwards from its namespace.
                throw new IllegalArgumentException("a veth peer cannot be brought up on creation: "
                        + "call linkSetUp on it afterwards, from a handle in its namespace");
            }
        }

        /** A pair {@code name} / {@code peerName} in this namespace, both down. */
        public static Veth named(String name, String peerName) {
            return new Veth(LinkOptions.named(name), LinkOptions.named(peerName), OptionalInt.empty());
        }

        /** The same pair with the peer created in the namespace open as {@code namespaceFd}. */
        public Veth withPeerNamespaceFd(int namespaceFd) {
            return new Veth(options, peer, OptionalInt.of(namespaceFd));
        }

        /** The same pair with the peer created in {@code namespace}, which must stay open until linkAdd returns. */
        public Veth withPeerIn(NetworkNamespace namespace) {
            return withPeerNamespaceFd(namespace.fd());
        }

        @Override
        public String kind() {
            return "veth";
        }
    }

    /**
     * A macvlan device on a parent link.
     *
     * @param options common options
     * @param parent the parent link's name
     * @param mode how macvlans of the parent reach each other
     */
    record Macvlan(LinkOptions options, String parent, MacvlanMode mode) implements LinkSpec {
        /** Checks the parent's name. */
        public Macvlan {
            Objects.requireNonNull(options, "options");
            LinkOptions.checkName(parent);
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String kind() {
            return "macvlan";
        }
    }

    /**
     * An 802.1Q/802.1ad VLAN device on a parent link (needs the kernel's 8021q module).
     *
     * @param options common options
     * @param parent the parent link's name
     * @param id the VLAN id, 0 to 4094
     * @param protocol the tag protocol
     */
    record Vlan(LinkOptions options, String parent, int id, VlanProtocol protocol) implements LinkSpec {
        /** The largest VLAN id; 4095 is reserved (IEEE 802.1Q section 9.6). */
        public static final int MAX_ID = 4094;

        /** Checks the parent's name and the id. */
        public Vlan {
            Objects.requireNonNull(options, "options");
            LinkOptions.checkName(parent);
            Objects.requireNonNull(protocol, "protocol");
            if (id < 0 || id > MAX_ID) {
                throw new IllegalArgumentException("VLAN id out of range 0.." + MAX_ID + ": " + id);
            }
        }

        @Override
        public String kind() {
            return "vlan";
        }
    }

    /**
     * A VXLAN device (RFC 7348).
     *
     * @param options common options
     * @param vni the VXLAN network identifier, 0 to 2^24-1
     * @param local the source address of encapsulated packets; empty for the routing table's choice
     * @param remote the unicast remote or multicast group (IFLA_VXLAN_GROUP/GROUP6); empty for none (FDB-driven)
     * @param port the UDP destination port; {@link #IANA_PORT} is the standard one
     * @param parent the underlay link's name; empty for none
     */
    record Vxlan(
            LinkOptions options,
            int vni,
            Optional<InetAddress> local,
            Optional<InetAddress> remote,
            int port,
            Optional<String> parent)
            implements LinkSpec {
        /** The IANA-assigned VXLAN port (RFC 7348 section 5). Linux's default without IFLA_VXLAN_PORT is 8472. */
        public static final int IANA_PORT = 4789;
        /** The largest VNI (24 bits). */
        public static final int MAX_VNI = (1 << 24) - 1;

        /** Checks the VNI, the port, and that local and remote are of one family. */
        public Vxlan {
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(parent, "parent");
            if (vni < 0 || vni > MAX_VNI) {
                throw new IllegalArgumentException("VNI out of range 0.." + MAX_VNI + ": " + vni);
            }
            if (port < 1 || port > 0xffff) {
                throw new IllegalArgumentException("port out of range 1..65535: " + port);
            }
            if (local.isPresent()
                    && remote.isPresent()
                    && (local.get() instanceof Inet4Address) != (remote.get() instanceof Inet4Address)) {
                throw new IllegalArgumentException("local and remote must both be IPv4 or both IPv6");
            }
            parent.ifPresent(LinkOptions::checkName);
        }

        /** A VXLAN device with this VNI on the IANA port, no local, remote or parent. */
        public static Vxlan named(String name, int vni) {
            return new Vxlan(
                    LinkOptions.named(name), vni, Optional.empty(), Optional.empty(), IANA_PORT, Optional.empty());
        }

        @Override
        public String kind() {
            return "vxlan";
        }
    }
}
