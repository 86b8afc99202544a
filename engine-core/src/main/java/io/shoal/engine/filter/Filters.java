package io.shoal.engine.filter;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter of Docker's list and prune endpoints, decoded: a key (e.g. {@code name},
 * {@code label}) to its set of values ({@code foo}, {@code a=b}). The API adapter decodes both of Docker's JSON forms
 * ({@code {"name":{"foo":true}}} and the legacy {@code {"name":["foo"]}}); each backend checks the keys it supports
 * with {@link #requireKeys} (Docker Engine API, "filters" of {@code GET /networks} and {@code GET /containers/json}).
 */
public record Filters(Map<String, Set<String>> terms) {
    public Filters {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        terms.forEach((key, values) -> copy.put(key, Set.copyOf(new LinkedHashSet<>(values))));
        terms = Map.copyOf(copy);
    }

    /** No filter: everything matches. */
    public static Filters none() {
        return new Filters(Map.of());
    }

    /** The values given for {@code key}; empty when the key is absent. */
    public Set<String> values(String key) {
        return terms.getOrDefault(key, Set.of());
    }

    /** Whether {@code key} was given at all. */
    public boolean has(String key) {
        return terms.containsKey(key);
    }

    /**
     * Refuses keys outside {@code supported} the way Docker does: INVALID_ARGUMENT {@code invalid filter 'KEY'}.
     *
     * @throws EngineException INVALID_ARGUMENT naming the first unsupported key
     */
    public void requireKeys(Set<String> supported) throws EngineException {
        for (String key : terms.keySet()) {
            if (!supported.contains(key)) {
                throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid filter '" + key + "'");
            }
        }
    }
}
