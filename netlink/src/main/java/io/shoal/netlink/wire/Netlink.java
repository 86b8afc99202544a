package io.shoal.netlink.wire;

/** Constants of the netlink envelope, from linux/netlink.h. */
public final class Netlink {
    /** Nothing; to be ignored. */
    public static final int NLMSG_NOOP = 1;
    /** An error or, with error 0, an ACK. */
    public static final int NLMSG_ERROR = 2;
    /** The end of a multipart message. */
    public static final int NLMSG_DONE = 3;
    /** Data lost. */
    public static final int NLMSG_OVERRUN = 4;

    /** A request. */
    public static final int NLM_F_REQUEST = 0x01;
    /** Part of a multipart message, terminated by NLMSG_DONE. */
    public static final int NLM_F_MULTI = 0x02;
    /** Ask for an ACK (an NLMSG_ERROR with error 0) on success. */
    public static final int NLM_F_ACK = 0x04;
    /** Echo the created object back to the requester. */
    public static final int NLM_F_ECHO = 0x08;
    /** The dump was inconsistent because the table changed while it was read; dump again. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** The dump was filtered as requested. */
    public static final int NLM_F_DUMP_FILTERED = 0x20;

    /** GET modifier: return the whole table. */
    public static final int NLM_F_ROOT = 0x100;
    /** GET modifier: return all matching entries. */
    public static final int NLM_F_MATCH = 0x200;
    /** {@code NLM_F_ROOT | NLM_F_MATCH}. */
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    /** NEW modifier: replace an existing object. */
    public static final int NLM_F_REPLACE = 0x100;
    /** NEW modifier: fail if the object exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** NEW modifier: create the object if it does not exist. */
    public static final int NLM_F_CREATE = 0x400;
    /** NEW modifier: add to the end of the list. */
    public static final int NLM_F_APPEND = 0x800;

    /** ACK flag: the echoed request was capped to its header (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** ACK flag: extended-ACK attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** Extended ACK: a human-readable error message (string). */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** Extended ACK: offset of the offending attribute in the request (u32). */
    public static final int NLMSGERR_ATTR_OFFS = 2;

    private Netlink() {}
}
