package io.shoal.engine.network;

import io.shoal.engine.events.EngineEvent;
import io.shoal.engine.events.EventSink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network's events as Docker writes them ({@code daemon/events.go LogNetworkEventWithAttributes}): the actor is the
 * network, its attributes {@code name} and {@code type} (the driver), and for {@code connect}/{@code disconnect} the
 * {@code container}'s id.
 */
final class NetworkEvents {
    final EventSink sink = new EventSink();

    void publish(String action, NetworkView network) {
        publish(action, network, Map.of());
    }

    void publish(String action, NetworkView network, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        attributes.put("name", network.name());
        attributes.put("type", network.driver());
        sink.publish(EngineEvent.NETWORK, action, network.id(), attributes);
    }
}
