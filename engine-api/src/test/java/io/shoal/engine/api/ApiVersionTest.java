package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void comparesPartByPartAsNumbers() {
        assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.24"));
        assertThat(ApiVersion.parse("1.47")).isGreaterThan(ApiVersion.parse("1.41"));
        assertThat(ApiVersion.parse("2")).isGreaterThan(ApiVersion.parse("1.99"));
        assertThat(ApiVersion.parse("1.47.0")).isEqualTo(ApiVersion.parse("1.47"));
        assertThat(ApiVersion.parse("1.47.0")).hasSameHashCodeAs(ApiVersion.parse("1.47"));
    }

    @Test
    void keepsTheClientsTextAndReadsEmptyPartsAsZero() {
        assertThat(ApiVersion.parse("1..5")).hasToString("1..5").isEqualTo(ApiVersion.parse("1.0.5"));
    }

    @Test
    void refusesVersionsOutsideTheRangeInMobysWords() {
        assertThat(Dispatcher.refuse(ApiVersion.parse("1.47"))).isEmpty();
        assertThat(Dispatcher.refuse(ApiVersion.parse("1.24"))).isEmpty();
        assertThat(Dispatcher.refuse(ApiVersion.parse("1.50")))
                .hasValue("client version 1.50 is too new. Maximum supported API version is 1.47");
        assertThat(Dispatcher.refuse(ApiVersion.parse("1.23")))
                .hasValue("client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade"
                        + " your client to a newer version");
    }
}
