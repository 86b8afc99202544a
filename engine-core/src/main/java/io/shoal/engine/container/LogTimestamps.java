package io.shoal.engine.container;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The time {@code docker logs -t} puts before each line: RFC 3339 in UTC with exactly nine fraction digits and a
 * space, Docker's {@code jsonmessage.RFC3339NanoFixed} ({@code 2026-11-30T01:02:03.000450000Z }).
 */
final class LogTimestamps {
    private static final DateTimeFormatter RFC3339_NANO_FIXED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private LogTimestamps() {}

    /** {@code time} as Docker prints it before a log line, with the space after it. */
    static byte[] prefix(Instant time) {
        return (RFC3339_NANO_FIXED.format(time) + " ").getBytes(StandardCharsets.US_ASCII);
    }
}
