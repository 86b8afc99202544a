package io.shoal.netlink.wire;

/**
 * Constants of nfnetlink's conntrack subsystem (ctnetlink), from linux/netfilter/nfnetlink.h and
 * linux/netfilter/nfnetlink_conntrack.h. A ctnetlink message type is the subsystem in the high byte and the command
 * in the low byte ({@link #type}); its body is an {@link NfGenMsg} followed by attributes. Addresses and ports inside
 * tuples, and the 32-bit values (CTA_ID, CTA_STATUS, CTA_TIMEOUT), are in network byte order.
 */
public final class Ctnetlink {
    /** {@code NETLINK_NETFILTER}, the netlink protocol of every nfnetlink subsystem. */
    public static final int NETLINK_NETFILTER = 12;
    /** {@code NFNETLINK_V0}: the only version of the nfgenmsg header. */
    public static final int NFNETLINK_V0 = 0;
    /** {@code NFNL_SUBSYS_CTNETLINK}. */
    public static final int NFNL_SUBSYS_CTNETLINK = 1;

    /** {@code IPCTNL_MSG_CT_NEW}: creates an entry; also the type of every entry in a dump. */
    public static final int IPCTNL_MSG_CT_NEW = 0;
    /** {@code IPCTNL_MSG_CT_GET}: one entry by tuple, or with NLM_F_DUMP the whole table of a family. */
    public static final int IPCTNL_MSG_CT_GET = 1;
    /** {@code IPCTNL_MSG_CT_DELETE}: one entry by tuple; without a tuple it flushes the table (never sent here). */
    public static final int IPCTNL_MSG_CT_DELETE = 2;
    /** {@code IPCTNL_MSG_CT_GET_STATS}: table-wide counters (CTA_STATS_GLOBAL_*). */
    public static final int IPCTNL_MSG_CT_GET_STATS = 5;

    /** {@code CTA_TUPLE_ORIG}: the original direction's tuple (nested). */
    public static final int CTA_TUPLE_ORIG = 1;
    /** {@code CTA_TUPLE_REPLY}: the reply direction's tuple (nested); its source is the DNAT target. */
    public static final int CTA_TUPLE_REPLY = 2;
    /** {@code CTA_STATUS}: IPS_* bits, be32. */
    public static final int CTA_STATUS = 3;
    /** {@code CTA_TIMEOUT}: seconds left, be32. */
    public static final int CTA_TIMEOUT = 7;
    /** {@code CTA_ID}: the entry's id, be32; a delete naming it spares a newer entry with the same tuple. */
    public static final int CTA_ID = 12;
    /** {@code CTA_ZONE}: conntrack zone, be16. */
    public static final int CTA_ZONE = 18;

    /** {@code CTA_STATS_GLOBAL_ENTRIES}: entries in the table, be32 (in IPCTNL_MSG_CT_GET_STATS replies). */
    public static final int CTA_STATS_GLOBAL_ENTRIES = 1;

    /** {@code CTA_TUPLE_IP} (nested {@code CTA_IP_*}). */
    public static final int CTA_TUPLE_IP = 1;
    /** {@code CTA_TUPLE_PROTO} (nested {@code CTA_PROTO_*}). */
    public static final int CTA_TUPLE_PROTO = 2;
    /** {@code CTA_TUPLE_ZONE}: be16. */
    public static final int CTA_TUPLE_ZONE = 3;

    /** {@code CTA_IP_V4_SRC}: 4 bytes. */
    public static final int CTA_IP_V4_SRC = 1;
    /** {@code CTA_IP_V4_DST}: 4 bytes. */
    public static final int CTA_IP_V4_DST = 2;
    /** {@code CTA_IP_V6_SRC}: 16 bytes. */
    public static final int CTA_IP_V6_SRC = 3;
    /** {@code CTA_IP_V6_DST}: 16 bytes. */
    public static final int CTA_IP_V6_DST = 4;

    /** {@code CTA_PROTO_NUM}: the IP protocol number, u8. */
    public static final int CTA_PROTO_NUM = 1;
    /** {@code CTA_PROTO_SRC_PORT}: be16. */
    public static final int CTA_PROTO_SRC_PORT = 2;
    /** {@code CTA_PROTO_DST_PORT}: be16. */
    public static final int CTA_PROTO_DST_PORT = 3;

    private Ctnetlink() {}

    /** The netlink message type of ctnetlink command {@code command}: {@code NFNL_SUBSYS_CTNETLINK << 8 | command}. */
    public static int type(int command) {
        return (NFNL_SUBSYS_CTNETLINK << 8) | command;
    }

    /** The command of a ctnetlink message type (its low byte). */
    public static int command(int type) {
        return type & 0xff;
    }

    /** The subsystem of an nfnetlink message type (its high byte). */
    public static int subsystem(int type) {
        return type >>> 8;
    }
}
