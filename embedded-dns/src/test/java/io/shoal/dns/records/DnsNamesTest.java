package io.shoal.dns.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule for what may be a DNS name (issue 9, item 10), at its edges. */
class DnsNamesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "web",
                "Web.",
                "a",
                "my_app",
                "-x-",
                "9",
                "a.b.c",
                "api-1.svc_2",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            })
    void lettersDigitsHyphensAndUnderscoresInLabelsOfUpTo63OctetsAreNames(String text) {
        assertThat(DnsNames.check(text)).isInstanceOf(DnsNames.Valid.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|is empty",
                ".|only the root",
                "a..b|empty label",
                ".a|empty label",
                "a b|U+0020",
                "caf\u00e9|U+00E9",
                "a\\b|'\\'",
                "a@b|'@'",
                "a*|'*'"
            })
    void anythingElseIsRefusedWithTheReason(String text, String reason) {
        assertThat(DnsNames.check(text))
                .isInstanceOfSatisfying(DnsNames.Invalid.class, invalid -> assertThat(invalid.reason())
                        .contains(reason));
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 100, 1000})
    void aLabelLongerThan63OctetsIsRefused(int length) {
        assertThat(DnsNames.check("web." + "x".repeat(length)))
                .isInstanceOfSatisfying(DnsNames.Invalid.class, invalid -> assertThat(invalid.reason())
                        .contains(length + " octets", "at most 63"));
    }

    @ParameterizedTest
    @CsvSource({"253, true", "254, false"})
    void aNameTakesAtMost255OctetsOnTheWire(int textLength, boolean valid) {
        // Labels of 49 octets and dots; the text without a trailing dot takes its length + 2 octets on the wire.
        StringBuilder text = new StringBuilder();
        while (text.length() < textLength) {
            if (text.length() > 0) {
                text.append('.');
            }
            text.append("x".repeat(Math.min(49, textLength - text.length())));
        }
        String name = text.toString();
        assertThat(name).hasSize(textLength);
        assertThat(DnsNames.check(name) instanceof DnsNames.Valid).isEqualTo(valid);
        assertThat(DnsNames.check(name + ".") instanceof DnsNames.Valid).isEqualTo(valid);
    }
}
