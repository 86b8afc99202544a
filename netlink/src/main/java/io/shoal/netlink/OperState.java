package io.shoal.netlink;

/** A link's operational state (IFLA_OPERSTATE), RFC 2863 section 3.1.14 as listed in linux/if.h. */
public enum OperState {
    /** The driver does not report a state (loopback, dummy). */
    UNKNOWN,
    /** The device is absent. */
    NOTPRESENT,
    /** Down. */
    DOWN,
    /** Down because a lower device (a veth's peer, a macvlan's parent) is down. */
    LOWERLAYERDOWN,
    /** In test mode. */
    TESTING,
    /** Waiting for an external event. */
    DORMANT,
    /** Up and able to pass packets. */
    UP;

    /** The state for the kernel's IF_OPER_* value; values beyond the list read as UNKNOWN. */
    public static OperState of(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
