package io.shoal.engine.api;

import io.shoal.engine.container.ContainerBackend;
import io.shoal.engine.events.EventBus;
import io.shoal.engine.image.ImageBackend;
import io.shoal.engine.network.NetworkBackend;
import java.time.Clock;

/** Every route of the Engine API over the engine's backends: what shoald serves. */
public final class EngineRoutes {
    private EngineRoutes() {}

    /**
     * The router: version negotiation and {@code /info}, networks, containers and exec, images, events.
     *
     * @param clock "now" for status texts and {@code SystemTime} (the system UTC clock in production)
     * @param runtimes the versions of the runtimes under the engine, for {@code /info}
     * @param events the engine's events, for {@code GET /events}
     */
    public static Router router(
            EngineInfo engine,
            HostInfo host,
            NetworkBackend networks,
            ContainerBackend containers,
            ImageBackend images,
            Clock clock,
            RuntimeVersions runtimes,
            EventBus events) {
        Router.Builder router = Router.builder();
        new SystemRoutes(engine).addTo(router);
        new InfoRoutes(engine, host, containers, images, clock, runtimes).addTo(router);
        new NetworkRoutes(networks, containers).addTo(router);
        new ContainerRoutes(containers, clock).addTo(router);
        new ImageRoutes(images).addTo(router);
        new EventRoutes(events, clock).addTo(router);
        UnsupportedRoutes.addTo(router);
        return router.build();
    }
}
