package io.shoal.engine.events;

import java.util.Map;

/**
 * Where a controller publishes its events: an {@link EventBus} once {@link #to} has been called, nowhere before (a
 * controller made without a bus, as in most tests). Thread-safe.
 */
public final class EventSink {
    private volatile EventBus bus;

    /** From now on, events go to {@code bus}. */
    public void to(EventBus bus) {
        this.bus = bus;
    }

    /** Publishes one event (see {@link EventBus#publish(String, String, String, Map)}), if there is a bus. */
    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        EventBus target = bus;
        if (target != null) {
            target.publish(type, action, actorId, attributes);
        }
    }
}
