package io.shoal.netlink.wire;

/** Neighbour attributes and states, from linux/neighbour.h. */
public final class Neighbour {
    /** {@code sizeof(struct ndmsg)}. */
    public static final int NDMSG_LENGTH = 12;

    /** {@code NDA_DST}: the network address. */
    public static final int NDA_DST = 1;
    /** {@code NDA_LLADDR}: the link-layer address. */
    public static final int NDA_LLADDR = 2;

    /** {@code NUD_INCOMPLETE}. */
    public static final int NUD_INCOMPLETE = 0x01;
    /** {@code NUD_REACHABLE}. */
    public static final int NUD_REACHABLE = 0x02;
    /** {@code NUD_STALE}. */
    public static final int NUD_STALE = 0x04;
    /** {@code NUD_FAILED}. */
    public static final int NUD_FAILED = 0x20;
    /** {@code NUD_NOARP}. */
    public static final int NUD_NOARP = 0x40;
    /** {@code NUD_PERMANENT}: a static entry. */
    public static final int NUD_PERMANENT = 0x80;

    private Neighbour() {}
}
