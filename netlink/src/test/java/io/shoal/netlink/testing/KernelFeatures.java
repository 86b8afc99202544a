package io.shoal.netlink.testing;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.RtnetlinkSocket;
import io.shoal.netlink.Sysctl;
import io.shoal.netlink.wire.IfInfoMsg;
import io.shoal.netlink.wire.IfLink;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.Netlink;
import io.shoal.netlink.wire.Rtnetlink;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Asks the running kernel what it can do by trying it, in a scratch namespace that disappears afterwards. A test of a
 * feature the kernel lacks (this development kernel has no 8021q and no ipvlan) calls {@link #assumeLinkKind}, which
 * aborts the test with the kernel's own refusal as the reason: reported as skipped, never as a silent pass.
 */
public final class KernelFeatures {
    private static final Set<String> KINDS_WITH_PARENT = Set.of("vlan", "macvlan", "macvtap", "ipvlan", "ipvtap");
    private static final String PARENT = "probeparent";
    private static final String PARENT_PEER = "probepeer";
    private static final String PROBE = "probe0";
    private static final Map<String, Optional<String>> PROBED = new ConcurrentHashMap<>();

    private KernelFeatures() {}

    /**
     * Tries to create a link of {@code kind} (the IFLA_INFO_KIND, e.g. {@code vlan}, {@code ipvlan}, {@code vxlan}) in
     * a scratch namespace, on a veth parent where the kind needs one. Returns empty when it worked, otherwise why not
     * (e.g. {@code RTM_NEWLINK vlan probe0: EOPNOTSUPP (Operation not supported): Unknown device type}). Cached per
     * kind for the life of the JVM.
     */
    public static Optional<String> probeLinkKind(String kind) {
        return PROBED.computeIfAbsent(kind, KernelFeatures::tryLinkKind);
    }

    /** Aborts the calling test (JUnit assumption) when the kernel cannot create links of {@code kind}. */
    public static void assumeLinkKind(String kind) {
        probeLinkKind(kind)
                .ifPresent(reason -> Assumptions.abort("this kernel cannot create " + kind + " links: " + reason));
    }

    /**
     * Sets {@code key} to {@code value} in {@code namespace}, aborting the calling test when the kernel has no such
     * sysctl (e.g. {@code net.bridge.bridge-nf-call-iptables} without the br_netfilter module). For tests that rely on
     * a value: they set it rather than trusting what the namespace inherited from the host.
     */
    public static void assumeSysctl(NetworkNamespace namespace, String key, String value) throws KernelException {
        try {
            Sysctl.of(namespace).set(key, value);
        } catch (NoSuchObjectException e) {
            Assumptions.abort("this kernel has no sysctl " + key + " (a module not loaded?): " + e.getMessage());
        }
    }

    private static Optional<String> tryLinkKind(String kind) {
        try (NetworkNamespace scratch = NetworkNamespace.createAnonymous();
                NetlinkHandle handle = NetlinkHandle.openIn(scratch);
                RtnetlinkSocket socket = scratch.callInside(RtnetlinkSocket::open)) {
            int parent = 0;
            if (KINDS_WITH_PARENT.contains(kind)) {
                // A veth end as the parent: a plain Ethernet device, and veth is in every container host's kernel
                // (this development kernel has no dummy driver).
                handle.linkAdd(LinkSpec.Veth.named(PARENT, PARENT_PEER));
                parent = handle.linkIndex(PARENT);
            }
            MessageWriter writer = socket.begin(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL);
            IfInfoMsg.forIndex(0).writeTo(writer);
            writer.stringAttribute(IfLink.IFLA_IFNAME, PROBE);
            if (parent > 0) {
                writer.u32Attribute(IfLink.IFLA_LINK, parent);
            }
            int linkInfo = writer.beginNested(IfLink.IFLA_LINKINFO);
            writer.stringAttribute(IfLink.IFLA_INFO_KIND, kind);
            writeRequiredData(writer, kind);
            writer.endNested(linkInfo);
            socket.execute("RTM_NEWLINK", kind + " " + PROBE);
            return Optional.empty();
        } catch (KernelException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The kinds whose newlink refuses a request without these attributes (vlan_validate, vxlan_validate). */
    private static void writeRequiredData(MessageWriter writer, String kind) {
        if (kind.equals("vlan")) {
            int data = writer.beginNested(IfLink.IFLA_INFO_DATA);
            writer.u16Attribute(IfLink.IFLA_VLAN_ID, 10);
            writer.endNested(data);
        } else if (kind.equals("vxlan")) {
            int data = writer.beginNested(IfLink.IFLA_INFO_DATA);
            writer.u32Attribute(IfLink.IFLA_VXLAN_ID, 10);
            writer.endNested(data);
        }
    }
}
