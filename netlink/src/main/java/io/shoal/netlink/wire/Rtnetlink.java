package io.shoal.netlink.wire;

/** Message types and route constants of rtnetlink, from linux/rtnetlink.h. */
public final class Rtnetlink {
    /** Create or change a link. */
    public static final int RTM_NEWLINK = 16;
    /** Delete a link. */
    public static final int RTM_DELLINK = 17;
    /** Get or dump links. */
    public static final int RTM_GETLINK = 18;
    /** Change a link (no creation). */
    public static final int RTM_SETLINK = 19;
    /** Add an address. */
    public static final int RTM_NEWADDR = 20;
    /** Delete an address. */
    public static final int RTM_DELADDR = 21;
    /** Dump addresses. */
    public static final int RTM_GETADDR = 22;
    /** Add or replace a route. */
    public static final int RTM_NEWROUTE = 24;
    /** Delete a route. */
    public static final int RTM_DELROUTE = 25;
    /** Get or dump routes. */
    public static final int RTM_GETROUTE = 26;
    /** Add a neighbour entry. */
    public static final int RTM_NEWNEIGH = 28;
    /** Delete a neighbour entry. */
    public static final int RTM_DELNEIGH = 29;
    /** Dump neighbour entries. */
    public static final int RTM_GETNEIGH = 30;

    /** {@code AF_UNSPEC}. */
    public static final int AF_UNSPEC = 0;
    /** {@code AF_INET}. */
    public static final int AF_INET = 2;
    /** {@code AF_INET6}. */
    public static final int AF_INET6 = 10;
    /** {@code AF_BRIDGE}. */
    public static final int AF_BRIDGE = 7;

    /** {@code RTA_DST}: destination address. */
    public static final int RTA_DST = 1;
    /** {@code RTA_SRC}. */
    public static final int RTA_SRC = 2;
    /** {@code RTA_IIF}. */
    public static final int RTA_IIF = 3;
    /** {@code RTA_OIF}: output interface index (u32). */
    public static final int RTA_OIF = 4;
    /** {@code RTA_GATEWAY}. */
    public static final int RTA_GATEWAY = 5;
    /** {@code RTA_PRIORITY}: the metric (u32). */
    public static final int RTA_PRIORITY = 6;
    /** {@code RTA_PREFSRC}. */
    public static final int RTA_PREFSRC = 7;
    /** {@code RTA_TABLE}: table id (u32), for ids above 255. */
    public static final int RTA_TABLE = 15;

    /** {@code RT_TABLE_UNSPEC}. */
    public static final int RT_TABLE_UNSPEC = 0;
    /** {@code RT_TABLE_MAIN}. */
    public static final int RT_TABLE_MAIN = 254;
    /** {@code RT_TABLE_LOCAL}. */
    public static final int RT_TABLE_LOCAL = 255;

    /** {@code RTPROT_KERNEL}: route installed by the kernel. */
    public static final int RTPROT_KERNEL = 2;
    /** {@code RTPROT_BOOT}: route installed by an administrator (what {@code ip route add} uses). */
    public static final int RTPROT_BOOT = 3;
    /** {@code RTPROT_STATIC}. */
    public static final int RTPROT_STATIC = 4;

    /** {@code RT_SCOPE_UNIVERSE}. */
    public static final int RT_SCOPE_UNIVERSE = 0;
    /** {@code RT_SCOPE_SITE}. */
    public static final int RT_SCOPE_SITE = 200;
    /** {@code RT_SCOPE_LINK}. */
    public static final int RT_SCOPE_LINK = 253;
    /** {@code RT_SCOPE_HOST}. */
    public static final int RT_SCOPE_HOST = 254;
    /** {@code RT_SCOPE_NOWHERE}. */
    public static final int RT_SCOPE_NOWHERE = 255;

    /** {@code RTN_UNICAST}. */
    public static final int RTN_UNICAST = 1;
    /** {@code RTN_LOCAL}. */
    public static final int RTN_LOCAL = 2;

    /** {@code RTEXT_FILTER_SKIP_STATS} for IFLA_EXT_MASK: leave statistics out of link replies. */
    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    private Rtnetlink() {}
}
