package io.shoal.net;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 48-bit Ethernet address (IEEE 802 MAC-48), written {@code aa:bb:cc:dd:ee:ff}: six lower-case hex octets with
 * colons, as {@code ip link} shows it. The kernel carries it in IFLA_ADDRESS and NDA_LLADDR. Immutable.
 */
public final class MacAddress {
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":");

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
     * @throws NullPointerException when {@code octets} is null
     */
    public static MacAddress of(byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        if (octets.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 octets, not " + octets.length);
        }
        return new MacAddress(octets.clone());
    }

    /**
     * From {@code aa:bb:cc:dd:ee:ff} (or with dashes), ASCII hex digits in either case.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException when the text is not six two-digit hex octets; nothing else for non-null text
     * @throws NullPointerException when {@code text} is null
     */
    public static MacAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address: expected aa:bb:cc:dd:ee:ff");
        }
        byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("\\p{XDigit}{2}")) {
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
        return COLON_HEX.formatHex(octets);
    }
}
