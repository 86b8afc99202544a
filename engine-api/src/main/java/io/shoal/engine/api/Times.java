package io.shoal.engine.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Times as the Engine API writes them. */
final class Times {
    /** Go's zero {@code time.Time} in RFC 3339: what Docker shows for a time that never happened. */
    static final String ZERO = "0001-01-01T00:00:00Z";

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Times() {}

    /**
     * Go's {@code time.RFC3339Nano} in UTC: seconds, then the nanoseconds with trailing zeros dropped (none at all
     * when zero), then {@code Z}; e.g. {@code 2016-10-19T06:21:00.416543526Z}.
     */
    @SuppressWarnings("JavaInstantGetSecondsGetNano") // the fraction of the second is what is wanted
    static String rfc3339Nano(Instant time) {
        StringBuilder text = new StringBuilder(SECONDS.format(time));
        int nanos = time.getNano();
        if (nanos != 0) {
            String fraction = String.format(java.util.Locale.ROOT, "%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
        return text.append('Z').toString();
    }

    /** {@link #rfc3339Nano} of the time, or {@link #ZERO} when there is none. */
    static String rfc3339Nano(Optional<Instant> time) {
        return time.map(Times::rfc3339Nano).orElse(ZERO);
    }
}
