package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code until} of a prune filter, as Docker reads it ({@code api/types/time.GetTimestamp}): a Go duration before
 * now ({@code 24h}, {@code 1h30m}, {@code 10m}, {@code 500ms}), Unix seconds with an optional fraction
 * ({@code 1700000000.5}), an RFC 3339 time ({@code 2026-01-02T15:04:05Z}, with offset or fraction), or a date or
 * date-time without zone, read as UTC.
 */
final class Until {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("-?\\d+(\\.\\d+)?");

    private Until() {}

    static Instant parse(String text, Instant now) throws EngineException {
        try {
            if (UNIX.matcher(text).matches()) {
                BigDecimal seconds = new BigDecimal(text);
                long whole = seconds.longValue();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                        .movePointRight(9)
                        .longValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            Duration duration = goDuration(text);
            if (duration != null) {
                return now.minus(duration);
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(text);
        }
    }

    /** A Go duration ({@code time.ParseDuration}): one or more number-unit parts, optionally signed; else null. */
    private static Duration goDuration(String text) throws EngineException {
        String body = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (body.isEmpty()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(body);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            total = total.plus(Duration.ofNanos(
                    amount.multiply(BigDecimal.valueOf(nanosPer(m.group(2)))).longValueExact()));
            end = m.end();
        }
        if (end == 0) {
            return null;
        }
        if (end != body.length()) {
            throw invalid(text);
        }
        return text.startsWith("-") ? total.negated() : total;
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static EngineException invalid(String text) {
        return new EngineException(
                ErrorKind.INVALID_ARGUMENT,
                "invalid filter 'until=" + text + "': give a duration (24h, 1h30m), Unix seconds or an RFC 3339 time");
    }
}
