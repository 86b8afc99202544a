package io.shoal.netlink;

import io.shoal.netlink.wire.IfLink;

/** How macvlan devices on one parent reach each other (IFLA_MACVLAN_MODE, linux/if_link.h). */
public enum MacvlanMode {
    /** No traffic between macvlans of the same parent. */
    PRIVATE(IfLink.MACVLAN_MODE_PRIVATE),
    /** Traffic between macvlans goes out to the external switch and back (802.1Qbg VEPA). */
    VEPA(IfLink.MACVLAN_MODE_VEPA),
    /** Macvlans of the same parent reach each other directly. */
    BRIDGE(IfLink.MACVLAN_MODE_BRIDGE),
    /** One macvlan takes over the parent, with its MAC address. */
    PASSTHRU(IfLink.MACVLAN_MODE_PASSTHRU),
    /** Only frames from an allow-list of source MACs. */
    SOURCE(16);

    private final int value;

    MacvlanMode(int value) {
        this.value = value;
    }

    /** The kernel's MACVLAN_MODE_* value. */
    public int value() {
        return value;
    }

    /** The mode for a kernel value. */
    public static MacvlanMode of(int value) {
        for (MacvlanMode mode : values()) {
            if (mode.value == value) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown macvlan mode " + value);
    }
}
