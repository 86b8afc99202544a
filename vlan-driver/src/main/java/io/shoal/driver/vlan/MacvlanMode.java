package io.shoal.driver.vlan;

import io.shoal.spi.DriverException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How macvlan children of one parent reach each other (ip-link(8), "MACVLAN and MACVTAP Type Support").
 */
public enum MacvlanMode {
    /** Children talk to each other directly, inside the parent. Docker's default. */
    BRIDGE,
    /** Children cannot talk to each other, even through an external switch that reflects frames. */
    PRIVATE,
    /** Frames between children go out to the external switch, which must reflect them (802.1Qbg). */
    VEPA,
    /** One child takes over the parent; so a passthru network has at most one endpoint. */
    PASSTHRU;

    public static MacvlanMode parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DriverException.invalid("option macvlan_mode=" + text + " is not one of "
                    + Arrays.stream(values())
                            .map(m -> m.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
