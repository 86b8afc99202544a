package io.shoal.bench.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Engine API calls the docker CLI makes for the measured commands (Docker Engine API 1.41, which Docker 20.10
 * serves at most and Shoal serves too), over one {@link UnixHttpClient} connection. Each call returns when the
 * engine has answered; a status other than 2xx becomes an {@link EngineCallException} carrying the engine's
 * {@code message}. Not thread-safe: one per thread, like the connection.
 */
public final class EngineApi implements AutoCloseable {
    /** The API version every path is prefixed with: 20.10's newest, within Shoal's 1.24–1.47. */
    public static final String VERSION = "v1.41";

    private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PID = Pattern.compile("\"Pid\"\\s*:\\s*(\\d+)");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final UnixHttpClient http;

    public EngineApi(Path socket) {
        this.http = new UnixHttpClient(socket);
    }

    /** A call the engine refused: its status and message. */
    public static final class EngineCallException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        EngineCallException(String call, int status, String body) {
            super(call + " -> " + status + ": " + message(body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** {@code GET /_ping}: the engine answers. */
    public void ping() throws IOException {
        call("GET", "/_ping", null);
    }

    /** {@code docker network create NAME} (bridge driver, the engine's default pool); returns the network's id. */
    public String createNetwork(String name) throws IOException {
        String body = "{\"Name\":" + quote(name)
                + ",\"CheckDuplicate\":true,\"Driver\":\"bridge\",\"IPAM\":{\"Driver\":\"default\"}}";
        return id(call("POST", "/networks/create", body));
    }

    /** {@code docker network rm ID_OR_NAME}. */
    public void removeNetwork(String idOrName) throws IOException {
        call("DELETE", "/networks/" + idOrName, null);
    }

    /**
     * {@code docker create [--name NAME] --network NETWORK IMAGE COMMAND...}: on a user network the endpoint is also
     * named in {@code NetworkingConfig}, as the CLI does; {@code name} null lets the engine pick one. Returns the id.
     */
    public String createContainer(String name, String network, String image, String... command) throws IOException {
        StringBuilder cmd = new StringBuilder();
        for (String word : command) {
            cmd.append(cmd.length() == 0 ? "" : ",").append(quote(word));
        }
        String endpoints =
                predefined(network) ? "" : ",\"NetworkingConfig\":{\"EndpointsConfig\":{" + quote(network) + ":{}}}";
        String body = "{\"Image\":" + quote(image) + ",\"Cmd\":[" + cmd + "],\"HostConfig\":{\"NetworkMode\":"
                + quote(network) + "}" + endpoints + "}";
        return id(call("POST", "/containers/create" + (name == null ? "" : "?name=" + name), body));
    }

    /** {@code docker start ID}. */
    public void start(String id) throws IOException {
        call("POST", "/containers/" + id + "/start", null);
    }

    /** {@code docker rm -f ID_OR_NAME}. */
    public void removeForce(String idOrName) throws IOException {
        call("DELETE", "/containers/" + idOrName + "?force=1", null);
    }

    /** {@code docker rm -f}, where a container that does not exist (404) is not an error. */
    public void removeForceIfPresent(String idOrName) throws IOException {
        try {
            removeForce(idOrName);
        } catch (EngineCallException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** {@code docker network rm}, where a network that does not exist (404) is not an error. */
    public void removeNetworkIfPresent(String idOrName) throws IOException {
        try {
            removeNetwork(idOrName);
        } catch (EngineCallException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** {@code docker network connect NETWORK CONTAINER}. */
    public void connect(String network, String container) throws IOException {
        call("POST", "/networks/" + network + "/connect", "{\"Container\":" + quote(container) + "}");
    }

    /** {@code docker network disconnect NETWORK CONTAINER}. */
    public void disconnect(String network, String container) throws IOException {
        call(
                "POST",
                "/networks/" + network + "/disconnect",
                "{\"Container\":" + quote(container) + ",\"Force\":false}");
    }

    /** The host pid of a running container's init process ({@code State.Pid} of {@code docker inspect}). */
    public long pid(String idOrName) throws IOException {
        String body = call("GET", "/containers/" + idOrName + "/json", null);
        Matcher pid = PID.matcher(body);
        if (!pid.find()) {
            throw new IOException("no State.Pid in the inspect of " + idOrName);
        }
        return Long.parseLong(pid.group(1));
    }

    private String call(String method, String path, String body) throws IOException {
        UnixHttpClient.Response response = http.send(method, "/" + VERSION + path, body);
        if (!response.ok()) {
            throw new EngineCallException(method + " " + path, response.status(), response.body());
        }
        return response.body();
    }

    private static boolean predefined(String network) {
        return network.equals("none") || network.equals("host") || network.equals("bridge");
    }

    private static String id(String body) throws IOException {
        Matcher id = ID.matcher(body);
        if (!id.find()) {
            throw new IOException("no Id in the engine's answer: " + body);
        }
        return id.group(1);
    }

    static String message(String body) {
        Matcher message = MESSAGE.matcher(body);
        return message.find() ? message.group(1) : body.strip();
    }

    /** A JSON string of a name or word; the benchmark's own names need no escapes but quotes are escaped anyway. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
