package io.shoal.netlink.wire;

/** Address attributes and flags, from linux/if_addr.h. */
public final class IfAddr {
    /** {@code sizeof(struct ifaddrmsg)}. */
    public static final int IFADDRMSG_LENGTH = 8;

    /** {@code IFA_ADDRESS}: the prefix address (peer address on point-to-point links). */
    public static final int IFA_ADDRESS = 1;
    /** {@code IFA_LOCAL}: the local address. */
    public static final int IFA_LOCAL = 2;
    /** {@code IFA_LABEL}: IPv4 label (string). */
    public static final int IFA_LABEL = 3;
    /** {@code IFA_BROADCAST}: IPv4 broadcast address. */
    public static final int IFA_BROADCAST = 4;
    /** {@code IFA_FLAGS}: u32 flags, superseding the 8-bit {@code ifa_flags}. */
    public static final int IFA_FLAGS = 8;

    /** {@code IFA_F_SECONDARY}. */
    public static final int IFA_F_SECONDARY = 0x01;
    /** {@code IFA_F_NODAD}: skip IPv6 duplicate address detection. */
    public static final int IFA_F_NODAD = 0x02;
    /** {@code IFA_F_DADFAILED}. */
    public static final int IFA_F_DADFAILED = 0x08;
    /** {@code IFA_F_TENTATIVE}: IPv6 DAD still running. */
    public static final int IFA_F_TENTATIVE = 0x40;
    /** {@code IFA_F_PERMANENT}. */
    public static final int IFA_F_PERMANENT = 0x80;
    /** {@code IFA_F_NOPREFIXROUTE}: do not add the prefix route. */
    public static final int IFA_F_NOPREFIXROUTE = 0x200;

    private IfAddr() {}
}
