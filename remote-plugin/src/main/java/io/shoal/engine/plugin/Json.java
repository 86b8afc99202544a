package io.shoal.engine.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the plugin: requests are read as trees, replies written from maps and lists. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
