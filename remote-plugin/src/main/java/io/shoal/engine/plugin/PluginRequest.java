package io.shoal.engine.plugin;

/**
 * One whole plugin request as {@link PluginRequestReader} hands it on: what a call needs of the HTTP request, nothing
 * more. Not a record: its body is an array, which the reader hands over and nothing changes afterwards.
 */
final class PluginRequest {
    private final String method;
    private final String path;
    private final byte[] body;
    private final boolean keepAlive;

    /**
     * @param method the HTTP method, e.g. {@code POST}
     * @param path the request path without a query, e.g. {@code /NetworkDriver.Join}
     * @param body the request body's bytes (empty when there is none); not copied
     * @param keepAlive whether the connection stays open after the reply (HTTP/1.1 without {@code Connection: close})
     */
    PluginRequest(String method, String path, byte[] body, boolean keepAlive) {
        this.method = method;
        this.path = path;
        this.body = body;
        this.keepAlive = keepAlive;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** The body's bytes, not copied: callers only read them. */
    byte[] body() {
        return body;
    }

    boolean keepAlive() {
        return keepAlive;
    }
}
