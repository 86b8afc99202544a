package io.shoal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Parsers either return a value or throw IllegalArgumentException, and what the formatters write reads back. */
class ParsingPropertiesTest {
    @Property
    void addressParsingThrowsOnlyIllegalArgument(@ForAll("addressLike") String text) {
        parsesAndReadsBackOrRefuses(text, IpAddresses::parse, IpAddresses::format);
    }

    @Property
    void prefixParsingThrowsOnlyIllegalArgument(@ForAll("prefixLike") String text) {
        parsesAndReadsBackOrRefuses(text, IpPrefix::parse, IpPrefix::toString);
    }

    @Property
    void macParsingThrowsOnlyIllegalArgument(@ForAll("macLike") String text) {
        parsesAndReadsBackOrRefuses(text, MacAddress::parse, MacAddress::toString);
    }

    /** Any exception but IllegalArgumentException (quoting what it refuses) escapes and fails the property. */
    private static <T> void parsesAndReadsBackOrRefuses(
            String text, Function<String, T> parse, Function<T, String> format) {
        T value;
        try {
            value = parse.apply(text);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("'");
            return;
        }
        assertThat(parse.apply(format.apply(value))).isEqualTo(value);
    }

    @Property
    void everyIpv6AddressRoundTripsThroughItsCanonicalText(@ForAll @Size(8) int[] groups) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) ((groups[i] % 3 == 0 ? 0 : groups[i]) >>> 8);
            bytes[2 * i + 1] = (byte) (groups[i] % 3 == 0 ? 0 : groups[i]);
        }
        InetAddress address = IpAddresses.fromBytes(bytes);
        String text = IpAddresses.format(address);
        assertThat(text).doesNotContain(":::").doesNotMatch(".*::.*::.*");
        assertThat(text).isEqualTo(text.toLowerCase(java.util.Locale.ROOT));
        if (address instanceof java.net.Inet6Address) {
            assertThat(IpAddresses.parse(text)).isEqualTo(address);
        }
    }

    @Property
    void networkClearsExactlyTheHostBits(@ForAll @Size(4) byte[] bytes, @ForAll @IntRange(max = 32) int length) {
        IpPrefix prefix = new IpPrefix(IpAddresses.fromBytes(bytes), length);
        assertThat(prefix.network().isNetwork()).isTrue();
        assertThat(prefix.contains(prefix.address())).isTrue();
        assertThat(prefix.network().overlaps(prefix)).isTrue();
    }

    @Provide
    Arbitrary<String> addressLike() {
        return Arbitraries.strings()
                .withChars("0123456789abcdefABCDEFg:.%/[] \u0661")
                .ofMaxLength(45);
    }

    @Provide
    Arbitrary<String> prefixLike() {
        return Arbitraries.strings().withChars("0123456789abcdef:./-+ \u0663").ofMaxLength(50);
    }

    @Provide
    Arbitrary<String> macLike() {
        return Arbitraries.strings()
                .withChars("0123456789abcdefABCDEFg:- \u0663")
                .ofMaxLength(20);
    }
}
