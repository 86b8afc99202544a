package io.shoal.engine.image;

import io.shoal.engine.events.EngineEvent;
import io.shoal.engine.events.EventSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image's events as Docker writes them ({@code daemon/images/image_events.go LogImageEvent}): the actor is the
 * image id, its attributes the image's labels and {@code name} (the reference acted on, else the id).
 */
final class ImageEvents {
    final EventSink sink = new EventSink();

    void publish(String action, ImageRecord image, String name) {
        Map<String, String> attributes = new LinkedHashMap<>(image.defaults().labels());
        attributes.put("name", name);
        sink.publish(EngineEvent.IMAGE, action, image.id(), attributes);
    }

    /** {@code untag} for each tag removed, {@code delete} when the image went. */
    void publishRemoval(ImageRecord image, List<ImageRemoval> report) {
        for (ImageRemoval removal : report) {
            publish(removal.kind() == ImageRemoval.Kind.UNTAGGED ? "untag" : "delete", image, image.id());
        }
    }
}
