package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Container names: Docker's rule ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, an optional leading slash dropped) and generated
 * names in Docker's {@code adjective_surname} style (the word lists are Shoal's own, surnames of people who shaped
 * networking), with a number added when every pair is taken.
 */
final class ContainerNames {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final List<String> ADJECTIVES = List.of(
            "agile", "brave", "calm", "clever", "eager", "fancy", "gentle", "happy", "keen", "lucid", "merry", "nimble",
            "patient", "quiet", "rapid", "serene", "steady", "tidy", "vivid", "witty");
    private static final List<String> SURNAMES = List.of(
            "baran",
            "cerf",
            "clark",
            "davies",
            "estrin",
            "floyd",
            "hinden",
            "jacobson",
            "kahn",
            "kleinrock",
            "metcalfe",
            "mockapetris",
            "nagle",
            "perlman",
            "postel",
            "reynolds",
            "roberts",
            "saltzer",
            "stevens",
            "zhang");

    private ContainerNames() {}

    /** The name without its leading slash; INVALID_ARGUMENT when it breaks Docker's rule. */
    static String validate(String requested) throws EngineException {
        String name = requested.startsWith("/") ? requested.substring(1) : requested;
        if (!VALID.matcher(name).matches()) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "Invalid container name (" + requested + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name;
    }

    /** A readable name not {@code taken}. */
    static String generate(SecureRandom random, Predicate<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_"
                    + SURNAMES.get(random.nextInt(SURNAMES.size()));
            if (attempt >= 10) {
                name = name + random.nextInt(1000);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
    }
}
