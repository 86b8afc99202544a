package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filters of {@code GET /networks} and {@code POST /networks/prune}, as moby's {@code daemon/network} applies them:
 * values of one key are alternatives (any may match), keys all apply; {@code name} and {@code id} match when equal
 * or when the value, read as a regular expression, is found in the field; every {@code label} value must match
 * ({@code k} has the label, {@code k=v} has it with that value), every {@code label!} value must not.
 */
final class NetworkFilters {
    static final Set<String> LIST_KEYS = Set.of("dangling", "driver", "id", "label", "name", "scope", "type");
    static final Set<String> PRUNE_KEYS = Set.of("until", "label", "label!");

    private NetworkFilters() {}

    /**
     * The test of a list request. INVALID_ARGUMENT for an unknown key or a bad {@code dangling}, {@code type} or
     * {@code scope} value.
     */
    static Predicate<NetworkView> forList(Filters filters) throws EngineException {
        filters.requireKeys(LIST_KEYS);
        Predicate<NetworkView> test = view -> true;
        if (filters.has("dangling")) {
            boolean dangling = dangling(filters.values("dangling"));
            test = test.and(
                    view -> dangling == (!view.builtin() && view.containers().isEmpty()));
        }
        if (filters.has("driver")) {
            test = test.and(view -> filters.values("driver").contains(view.driver()));
        }
        if (filters.has("id")) {
            test = test.and(view -> matchesAny(filters.values("id"), view.id()));
        }
        if (filters.has("name")) {
            test = test.and(view -> matchesAny(filters.values("name"), view.name()));
        }
        if (filters.has("label")) {
            test = test.and(view -> labelsMatchAll(filters.values("label"), view.labels()));
        }
        if (filters.has("scope")) {
            for (String scope : filters.values("scope")) {
                if (!Set.of("local", "swarm", "global").contains(scope)) {
                    throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid filter: 'scope'='" + scope + "'");
                }
            }
            // Every network here is local: Shoal has no swarm and no global-scope driver.
            test = test.and(view -> filters.values("scope").contains("local"));
        }
        if (filters.has("type")) {
            for (String type : filters.values("type")) {
                if (!type.equals("custom") && !type.equals("builtin")) {
                    throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid filter: 'type'='" + type + "'");
                }
            }
            test = test.and(view -> filters.values("type").contains(view.builtin() ? "builtin" : "custom"));
        }
        return test;
    }

    /**
     * The test of a prune request over the networks prune may remove. INVALID_ARGUMENT for an unknown key or a bad
     * {@code until}.
     */
    static Predicate<NetworkView> forPrune(Filters filters, Instant now) throws EngineException {
        filters.requireKeys(PRUNE_KEYS);
        Predicate<NetworkView> test = view -> true;
        if (filters.has("until")) {
            if (filters.values("until").size() > 1) {
                throw new EngineException(ErrorKind.INVALID_ARGUMENT, "more than one until filter specified");
            }
            Instant until = Until.parse(filters.values("until").iterator().next(), now);
            test = test.and(view -> view.created().isBefore(until));
        }
        if (filters.has("label")) {
            test = test.and(view -> labelsMatchAll(filters.values("label"), view.labels()));
        }
        if (filters.has("label!")) {
            test = test.and(view -> !labelsMatchAny(filters.values("label!"), view.labels()));
        }
        return test;
    }

    private static boolean dangling(Set<String> values) throws EngineException {
        if (values.size() != 1) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid filter 'dangling': give one value");
        }
        String value = values.iterator().next();
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid filter 'dangling=" + value + "'");
        };
    }

    /** Docker's {@code filters.Args.Match}: equal, or the value as a regular expression found in the field. */
    static boolean matchesAny(Set<String> values, String field) {
        for (String value : values) {
            if (value.equals(field)) {
                return true;
            }
            try {
                if (Pattern.compile(value).matcher(field).find()) {
                    return true;
                }
            } catch (PatternSyntaxException e) {
                // Docker skips a value that is not a valid expression; it can still have matched exactly above.
            }
        }
        return false;
    }

    private static boolean labelsMatchAll(Set<String> values, Map<String, String> labels) {
        return values.stream().allMatch(value -> labelMatches(value, labels));
    }

    private static boolean labelsMatchAny(Set<String> values, Map<String, String> labels) {
        return values.stream().anyMatch(value -> labelMatches(value, labels));
    }

    private static boolean labelMatches(String value, Map<String, String> labels) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(value);
        }
        return value.substring(eq + 1).equals(labels.get(value.substring(0, eq)));
    }
}
