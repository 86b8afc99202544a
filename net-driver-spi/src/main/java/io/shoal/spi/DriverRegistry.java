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
 * two providers of one type, since which one won would otherwise depend on class-path order. Immutable and
 * thread-safe.
 *
 * @param <P> the provider interface
 */
public final class DriverRegistry<P> {
    private final Map<String, P> byType;

    private DriverRegistry(Map<String, P> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /**
     * Every provider of {@code service} on the class path of {@code loader}, each made once.
     *
     * @param <P> the provider interface
     * @param service the provider interface, e.g. {@code NetworkDriverProvider.class}
     * @param loader where to look for {@code META-INF/services} entries
     * @param typeOf the provider's type name, e.g. {@code NetworkDriverProvider::type}
     * @return the registry
     * @throws DriverException CONFLICT naming both classes when two providers claim one type
     * @throws java.util.ServiceConfigurationError when a listed provider cannot be loaded or made
     */
    public static <P> DriverRegistry<P> load(Class<P> service, ClassLoader loader, Function<P, String> typeOf) {
        return of(
                ServiceLoader.load(service, loader).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList(),
                typeOf);
    }

    /**
     * The given providers.
     *
     * @param <P> the provider interface
     * @param providers the providers
     * @param typeOf the provider's type name
     * @return the registry
     * @throws DriverException CONFLICT naming both classes when two providers claim one type
     */
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

    /**
     * @param type a type name, e.g. {@code bridge}
     * @return its provider, or empty when none claims it
     */
    public Optional<P> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * The provider the user asked for, e.g. with {@code docker network create -d TYPE}.
     *
     * @param type a type name
     * @return its provider
     * @throws DriverException NOT_FOUND naming the type and the known ones
     */
    public P require(String type) {
        return find(type)
                .orElseThrow(() ->
                        DriverException.notFound("no driver of type '" + type + "'; known types: " + byType.keySet()));
    }
}
