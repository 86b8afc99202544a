package io.shoal.spi;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Driver options as the user gave them ({@code -o key=value}): text keys and values. A driver parses them once, at its
 * edge, into a typed record: {@link #requireKnown} first, then the typed getters, each of which names the key in its
 * error.
 */
public record DriverOptions(Map<String, String> values) {
    /**
     * @param values the options by key; copied
     * @throws NullPointerException when a key or value is null
     */
    public DriverOptions {
        values = Map.copyOf(values);
    }

    /** @return no options */
    public static DriverOptions empty() {
        return new DriverOptions(Map.of());
    }

    /**
     * @param values the options by key; copied
     * @return the options
     */
    public static DriverOptions of(Map<String, String> values) {
        return new DriverOptions(values);
    }

    /**
     * Refuses keys the driver does not know; changes nothing.
     *
     * @param known every key the driver reads
     * @throws DriverException INVALID_ARGUMENT naming every unknown key and the known ones
     */
    public void requireKnown(Set<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw DriverException.invalid(
                    "unknown driver option(s) " + unknown + "; this driver knows " + new TreeSet<>(known));
        }
    }

    /**
     * A text option as given, untrimmed.
     *
     * @param key the option's key
     * @return its value, or empty when absent
     */
    public Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * A {@code true}/{@code false} option; also {@code 1}/{@code 0} and {@code t}/{@code f}, any case, as Go's {@code
     * strconv.ParseBool} (which Docker uses) accepts.
     *
     * @param key the option's key
     * @param fallback the value when the option is absent
     * @return the option's value
     * @throws DriverException INVALID_ARGUMENT naming the key when the value is not a boolean
     */
    public boolean bool(String key, boolean fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "t" -> true;
            case "false", "0", "f" -> false;
            default -> throw DriverException.invalid(
                    "option " + key + "=" + value + " is not a boolean; use true or false");
        };
    }

    /**
     * A whole-number option within {@code min..max}, e.g. an MTU in bytes; surrounding blanks are ignored.
     *
     * @param key the option's key
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value, or empty when absent
     * @throws DriverException INVALID_ARGUMENT naming the key when the value is not a decimal {@code int} or lies
     *     outside {@code min..max}
     */
    public Optional<Integer> integer(String key, int min, int max) {
        String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new DriverException(
                    ErrorKind.INVALID_ARGUMENT, "option " + key + "=" + value + " is not a whole number", e);
        }
        if (parsed < min || parsed > max) {
            throw DriverException.invalid("option " + key + "=" + value + " is outside " + min + ".." + max);
        }
        return Optional.of(parsed);
    }

    /** @return the options as {@code {key=value, …}}, for messages */
    @Override
    public String toString() {
        return values.toString();
    }
}
