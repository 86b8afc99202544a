package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.container.OutputSink;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.events.EngineEvent;
import io.shoal.engine.events.EventBus;
import io.shoal.engine.events.EventFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events} ({@code docker events}), after moby's {@code api/server/router/system/system_routes.go
 * getEvents}: the head goes out at once (200, application/json, chunked; docker-compose waits for it), then one JSON
 * object a line per event that passes {@code filters}: first the kept events from {@code since} (or, with only {@code
 * until}, all kept ones), then the live ones (subscribed before the head goes out). The body ends at {@code until} (at once when it has passed) or when the
 * client leaves. {@code since} and {@code until} are Unix seconds, fractions allowed. No thread waits: the bus writes
 * each event from the publishing thread, and {@code until} is a timer of {@link CompletableFuture#delayedExecutor}.
 */
final class EventRoutes {
    private final EventBus bus;
    private final Clock clock;

    /** Events of {@code bus}; {@code clock} tells whether {@code until} has passed. */
    EventRoutes(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    /** Adds the route to {@code router}. */
    Router.Builder addTo(Router.Builder router) {
        return router.route(HttpMethod.GET, "/events", this::events);
    }

    private Response events(Request request) throws EngineException {
        Instant since = ContainerRoutes.time(request, "since", Instant.EPOCH);
        Instant until = ContainerRoutes.time(request, "until", Instant.MAX);
        if (until.isBefore(since)) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "since time (" + since + ") cannot be after until time (" + until + ")");
        }
        EventFilter filter =
                EventFilter.of(FilterQuery.decode(request.queryValue("filters").orElse("")));
        boolean replay = !since.equals(Instant.EPOCH) || !until.equals(Instant.MAX);
        // Subscribed before the head goes out (events wait in the body until it is open), so a client that has
        // seen the head misses nothing published after.
        OutputStreamBody body = new OutputStreamBody(false);
        EventBus.Subscription subscription = bus.subscribe(replay ? Optional.of(since) : Optional.empty(), event -> {
            if (!event.time().isAfter(until) && filter.includes(event)) {
                body.write(OutputSink.Stream.STDOUT, Json.render(message(event)));
            }
        });
        body.subscription(subscription::close);
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            subscription.close();
            body.end();
        } else if (!until.equals(Instant.MAX)) {
            long millis = Math.max(1, Duration.between(now, until).toMillis());
            CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
                subscription.close();
                body.end();
            });
        }
        return Response.chunked(HttpResponseStatus.OK, Response.JSON, body);
    }

    /**
     * Docker's {@code events.Message}: the legacy {@code status}, {@code id} and {@code from} for containers (and the
     * first two for images), then Type, Action, Actor, scope and the time in seconds and nanoseconds.
     */
    @SuppressWarnings("JavaInstantGetSecondsGetNano") // seconds and their fraction make timeNano
    static Map<String, Object> message(EngineEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        boolean container = event.type().equals(EngineEvent.CONTAINER);
        if (container || event.type().equals(EngineEvent.IMAGE)) {
            message.put("status", event.action());
            message.put("id", event.actorId());
        }
        if (container && event.attributes().containsKey("image")) {
            message.put("from", event.attributes().get("image"));
        }
        message.put("Type", event.type());
        message.put("Action", event.action());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("ID", event.actorId());
        actor.put("Attributes", new TreeMap<>(event.attributes()));
        message.put("Actor", actor);
        message.put("scope", "local");
        message.put("time", event.time().getEpochSecond());
        message.put(
                "timeNano",
                event.time().getEpochSecond() * 1_000_000_000L + event.time().getNano());
        return message;
    }
}
