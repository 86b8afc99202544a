package io.shoal.spi.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A 48-bit Ethernet address (IEEE 802 MAC-48), written {@code aa:bb:cc:dd:ee:ff}: six lower-case hex octets with
 * colons, as {@code ip link} shows it. Immutable.
 */
public final class MacAddress {
    private final byte[] octets;

    private MacAddress(byte[] octets) {
        this.octets = octets;
    }

    /**
     * From six octets, most significant first; copied.
     *
     * @param octets the address
     * @return the address
     * @throws IllegalArgumentException when there are not six octets
     */
    public static MacAddress of(byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        if (octets.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 octets, not " + octets.length);
        }
        return new MacAddress(octets.clone());
    }

    /**
     * From {@code aa:bb:cc:dd:ee:ff} (or with dashes), hex digits in either case.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException when the text is not six two-digit hex octets
     */
    public static MacAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address: expected aa:bb:cc:dd:ee:ff");
        }
        byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2
                    || Character.digit(parts[i].charAt(0), 16) < 0
                    || Character.digit(parts[i].charAt(1), 16) < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address: expected aa:bb:cc:dd:ee:ff");
            }
            octets[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return new MacAddress(octets);
    }

    /** @return the six octets, most significant first; a fresh copy */
    public byte[] octets() {
        return octets.clone();
    }

    /** True when the I/G bit is set (IEEE 802-2014 §8.2): such an address cannot name one interface. */
    public boolean isMulticast() {
        return (octets[0] & 0x01) != 0;
    }

    /** True when the U/L bit marks a locally administered address. */
    public boolean isLocallyAdministered() {
        return (octets[0] & 0x02) != 0;
    }

    /** @return true when {@code o} is a MAC address with the same octets */
    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress other && Arrays.equals(octets, other.octets);
    }

    /** @return a hash of the octets */
    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    /** @return {@code aa:bb:cc:dd:ee:ff}, lower case; {@link #parse} reads it back */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(String.format(Locale.ROOT, "%02x", octets[i] & 0xff));
        }
        return out.toString();
    }
}
