package io.shoal.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Providers by type name. Built from {@link ServiceLoader} in the engine and from a plain list in tests; refuses
 * two providers of one type, since which one won would otherwise depend on class-path order.
 *
 * @param <P> the provider interface
 */
public final class DriverRegistry<P> {
    private final Map<String, P> byType;

    private DriverRegistry(Map<String, P> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Every provider of {@code service} on the class path of {@code loader}. */
    public static <P> DriverRegistry<P> load(Class<P> service, ClassLoader loader, Function<P, String> typeOf) {
        return of(
                ServiceLoader.load(service, loader).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList(),
                typeOf);
    }

    /** The given providers. */
    public static <P> DriverRegistry<P> of(Collection<P> providers, Function<P, String> typeOf) {
        Map<String, P> byType = new TreeMap<>();
        for (P provider : providers) {
            String type = typeOf.apply(provider);
            P earlier = byType.putIfAbsent(type, provider);
            if (earlier != null) {
                throw DriverException.conflict("two drivers claim the type '" + type + "': "
                        + earlier.getClass().getName() + " and "
                        + provider.getClass().getName());
            }
        }
        return new DriverRegistry<>(byType);
    }

    public Optional<P> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * @throws DriverException NOT_FOUND naming the type and the known ones
     */
    public P require(String type) {
        return find(type)
                .orElseThrow(() ->
                        DriverException.notFound("no driver of type '" + type + "'; known types: " + byType.keySet()));
    }

    public Collection<String> types() {
        return byType.keySet();
    }
}
