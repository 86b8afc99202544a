package io.shoal.engine.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine's events in memory: the controllers {@link #publish} what has happened; subscribers receive each event
 * as it is published, after the recent ones they asked for. The last {@code capacity} events are kept (Docker keeps
 * 256 in {@code daemon/events}), so {@code docker events --since} sees what happened just before it.
 *
 * <p>Thread-safe. Delivery happens on the publishing thread, under the bus's lock, so every subscriber sees the
 * events in publication order with none lost or doubled between the replay and the live part; a listener must
 * therefore return at once (queue or write without blocking) and must not publish.
 */
public final class EventBus {
    /** Docker's ring size. */
    public static final int DEFAULT_CAPACITY = 256;

    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<EngineEvent> recent = new ArrayDeque<>();
    private final Map<Object, Consumer<EngineEvent>> listeners = new LinkedHashMap<>(); // by subscription

    /** A bus stamping events with {@code clock}, keeping the last {@link #DEFAULT_CAPACITY}. */
    public EventBus(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    /** As above, keeping the last {@code capacity} events (at least one). */
    public EventBus(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    /** A subscriber's handle: closing it stops delivery. Idempotent. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Publishes an event about {@code actorId} that happens now (the bus's clock). */
    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        publish(new EngineEvent(type, action, actorId, attributes, clock.instant()));
    }

    /** Publishes {@code event}: kept in the ring, delivered to every subscriber. */
    public synchronized void publish(EngineEvent event) {
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(event);
        for (Consumer<EngineEvent> listener : List.copyOf(listeners.values())) {
            listener.accept(event);
        }
    }

    /**
     * Subscribes {@code listener}: first the kept events at or after {@code since} (none when empty), in order, then
     * every event published until the subscription is closed.
     */
    public synchronized Subscription subscribe(Optional<Instant> since, Consumer<EngineEvent> listener) {
        since.ifPresent(from ->
                recent.stream().filter(event -> !event.time().isBefore(from)).forEach(listener));
        Object key = new Object(); // one entry per subscription, even for the same listener
        listeners.put(key, listener);
        return () -> {
            synchronized (EventBus.this) {
                listeners.remove(key);
            }
        };
    }

    /** The kept events, oldest first. */
    public synchronized List<EngineEvent> recent() {
        return new ArrayList<>(recent);
    }

    /** How many subscribers are listening. */
    public synchronized int subscribers() {
        return listeners.size();
    }
}
