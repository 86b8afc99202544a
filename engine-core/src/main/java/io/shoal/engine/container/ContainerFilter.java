package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.image.ImageBackend;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker ps} filters: {@code id} and {@code name} (equal, or a regular expression found in it; names also with
 * their slash), {@code label} ({@code key} or {@code key=value}), {@code status}, {@code network} (name or id),
 * {@code ancestor} (the image reference as given, or the image it resolves to), {@code exited} (exit code of an exited
 * container). Values of one key are alternatives; keys must all match. {@code status} and {@code exited} look at
 * stopped containers without {@code all}, as Docker does.
 */
final class ContainerFilter {
    private static final Set<String> STATUSES =
            Set.of("created", "running", "paused", "restarting", "removing", "exited", "dead");

    private final Filters filters;
    private final Set<String> ancestorIds;
    private final Set<Integer> exitCodes;

    private ContainerFilter(Filters filters, Set<String> ancestorIds, Set<Integer> exitCodes) {
        this.filters = filters;
        this.ancestorIds = ancestorIds;
        this.exitCodes = exitCodes;
    }

    static ContainerFilter of(Filters filters, ImageBackend images) throws EngineException {
        for (String status : filters.values("status")) {
            if (!STATUSES.contains(status)) {
                throw new EngineException(
                        ErrorKind.INVALID_ARGUMENT,
                        "invalid filter 'status=" + status + "': " + STATUSES + " expected");
            }
        }
        Set<Integer> codes = new HashSet<>();
        for (String code : filters.values("exited")) {
            try {
                codes.add(Integer.parseInt(code));
            } catch (NumberFormatException e) {
                throw new EngineException(
                        ErrorKind.INVALID_ARGUMENT, "invalid filter 'exited=" + code + "': an exit code expected");
            }
        }
        Set<String> ancestors = new HashSet<>();
        for (String reference : filters.values("ancestor")) {
            try {
                ancestors.add(images.inspect(reference).id());
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return new ContainerFilter(filters, ancestors, codes);
    }

    boolean impliesAll() {
        return filters.has("status") || filters.has("exited");
    }

    boolean matches(ContainerRecord record) {
        return anyOrAbsent("id", v -> ContainerController.regexMatch(v, record.id()))
                && anyOrAbsent(
                        "name",
                        v -> ContainerController.regexMatch(v, record.name())
                                || ContainerController.regexMatch(v, "/" + record.name()))
                && labels(record.spec().labels())
                && anyOrAbsent("status", v -> v.equals(record.state().status().apiName()))
                && anyOrAbsent("network", v -> record.networks().stream()
                        .anyMatch(
                                a -> a.networkName().equals(v) || a.networkId().equals(v)))
                && anyOrAbsent("ancestor", v -> v.equals(record.image()) || ancestorIds.contains(record.imageId()))
                && (!filters.has("exited")
                        || (record.state().status() == ContainerState.Status.EXITED
                                && exitCodes.contains(record.state().exitCode())));
    }

    private boolean labels(Map<String, String> labels) {
        for (String term : filters.values("label")) {
            int eq = term.indexOf('=');
            boolean ok = eq < 0
                    ? labels.containsKey(term)
                    : term.substring(eq + 1).equals(labels.get(term.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private boolean anyOrAbsent(String key, java.util.function.Predicate<String> test) {
        return !filters.has(key) || filters.values(key).stream().anyMatch(test);
    }
}
