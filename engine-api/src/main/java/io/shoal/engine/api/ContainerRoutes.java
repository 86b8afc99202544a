package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.container.ContainerBackend;
import io.shoal.engine.container.ContainerView;
import io.shoal.engine.container.CreatedContainer;
import io.shoal.engine.container.ExecSpec;
import io.shoal.engine.container.LogOptions;
import io.shoal.engine.container.OutputSubscription;
import io.shoal.engine.container.WaitCondition;
import io.shoal.engine.container.WaitResult;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * {@code /containers*} and {@code /exec*} (interfaces reference §2.3–2.8), after moby's {@code
 * api/server/router/container}. Long waits hold no thread: {@code wait} answers its head at once and completes from
 * the backend's {@link CompletionStage}; attach, logs and exec output flow from the engine's threads through an
 * {@link OutputStreamBody}.
 */
public final class ContainerRoutes {
    private static final ApiVersion MULTIPLEXED_SINCE = ApiVersion.parse("1.42");

    private final ContainerBackend containers;
    private final Clock clock;

    /** Routes over {@code containers}; {@code clock} says "now" for the list's status texts. */
    public ContainerRoutes(ContainerBackend containers, Clock clock) {
        this.containers = Objects.requireNonNull(containers, "containers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the routes to {@code router}. */
    public Router.Builder addTo(Router.Builder router) {
        return router.route(HttpMethod.POST, "/containers/create", this::create)
                .route(HttpMethod.GET, "/containers/json", this::list)
                .route(HttpMethod.GET, "/containers/{id}/json", this::inspect)
                .route(HttpMethod.POST, "/containers/{id}/start", this::start)
                .route(HttpMethod.POST, "/containers/{id}/stop", this::stop)
                .route(HttpMethod.POST, "/containers/{id}/restart", this::restart)
                .route(HttpMethod.POST, "/containers/{id}/kill", this::kill)
                .route(HttpMethod.DELETE, "/containers/{id}", this::remove)
                .route(HttpMethod.POST, "/containers/{id}/wait", this::await)
                .route(HttpMethod.POST, "/containers/{id}/attach", this::attach)
                .route(HttpMethod.GET, "/containers/{id}/logs", this::logs)
                .route(HttpMethod.POST, "/containers/{id}/resize", this::resize)
                .route(HttpMethod.POST, "/containers/{id}/exec", this::createExec)
                .route(HttpMethod.POST, "/exec/{id}/start", this::startExec)
                .route(HttpMethod.POST, "/exec/{id}/resize", this::resizeExec)
                .route(HttpMethod.GET, "/exec/{id}/json", this::inspectExec);
    }

    private Response create(Request request) throws EngineException {
        Optional<String> name = request.queryValue("name").filter(n -> !n.isEmpty());
        CreatedContainer created = containers.create(name, ContainerSpecs.containerSpec(request.jsonBody(false)));
        return Response.json(
                HttpResponseStatus.CREATED,
                new JsonMap().with("Id", created.id()).with("Warnings", created.warnings()));
    }

    private Response list(Request request) throws EngineException {
        boolean all = request.queryBoolean("all", false);
        long limit = request.queryInteger("limit").orElse(0L);
        Instant now = clock.instant();
        List<Object> list = new ArrayList<>();
        for (ContainerView container :
                containers.list(all, request.filters(), (int) Math.max(0, Math.min(limit, Integer.MAX_VALUE)))) {
            list.add(ContainerJson.summary(container, now));
        }
        return Response.json(HttpResponseStatus.OK, list);
    }

    private Response inspect(Request request) throws EngineException {
        request.queryBoolean("size", false); // checked for its syntax; sizes are not computed, so not shown
        return Response.json(
                HttpResponseStatus.OK, ContainerJson.inspect(containers.inspect(request.pathParameter("id"))));
    }

    private Response start(Request request) throws EngineException {
        containers.start(request.pathParameter("id"));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    private Response stop(Request request) throws EngineException {
        containers.stop(request.pathParameter("id"), timeout(request));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    private Response restart(Request request) throws EngineException {
        containers.restart(request.pathParameter("id"), timeout(request));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** {@code t}: seconds before SIGKILL; absent means the container's own timeout. */
    private static Optional<Duration> timeout(Request request) throws EngineException {
        return request.queryInteger("t").map(Duration::ofSeconds);
    }

    private Response kill(Request request) throws EngineException {
        containers.kill(
                request.pathParameter("id"), request.queryValue("signal").orElse(""));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    private Response remove(Request request) throws EngineException {
        if (request.queryBoolean("link", false)) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "legacy container links are not supported");
        }
        request.queryBoolean("v", false); // checked for its syntax; Shoal has no volumes to remove
        containers.remove(request.pathParameter("id"), request.queryBoolean("force", false));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    /**
     * The head (200, JSON, chunked) goes out at once — the CLI blocks until it has it, even for {@code run -d} — and
     * {@code {"StatusCode":N}} when the condition holds. A client that leaves early (the CLI after {@code run -d})
     * changes nothing: the backend's wait is not cancelled.
     */
    private Response await(Request request) throws EngineException {
        WaitCondition condition =
                WaitCondition.parse(request.queryValue("condition").orElse(""));
        CompletionStage<WaitResult> done = containers.await(request.pathParameter("id"), condition);
        return Response.chunked(
                HttpResponseStatus.OK,
                Response.JSON,
                out -> done.whenComplete((result, failure) -> {
                    JsonMap body = new JsonMap();
                    if (failure != null) {
                        body.with("StatusCode", -1)
                                .with("Error", new JsonMap().with("Message", String.valueOf(failure.getMessage())));
                    } else {
                        body.with("StatusCode", result.statusCode());
                        result.error().ifPresent(message -> body.with("Error", new JsonMap().with("Message", message)));
                    }
                    out.write(Json.render(body));
                    out.end();
                }));
    }

    /**
     * Hijacks the connection (101 when the client asked to upgrade, else 200) and streams the container's output
     * until its task exits; subscribing happens before the head goes out, so output right after a start is kept. With
     * {@code stdin=1} what the client sends afterwards is the container's stdin (when it keeps one open); {@code
     * detachKeys} override ctrl-p,ctrl-q for a TTY. With {@code logs=1} the stored output comes first (as {@code docker
     * logs}), then, with {@code stream=1}, the new output until the container stops (as {@code logs -f}); stdin cannot
     * be combined with it here (NOT_IMPLEMENTED).
     */
    private Response attach(Request request) throws EngineException {
        String id = request.pathParameter("id");
        ContainerView container = containers.inspect(id);
        boolean tty = container.spec().tty();
        OutputStreamBody body = new OutputStreamBody(!tty);
        boolean stream = request.queryBoolean("stream", false);
        boolean stdout = request.queryBoolean("stdout", false);
        boolean stderr = request.queryBoolean("stderr", false);
        boolean stdin = request.queryBoolean("stdin", false) && container.spec().openStdin();
        HijackInput input = null;
        if (request.queryBoolean("logs", false)) {
            if (stdin && stream) {
                throw new EngineException(
                        ErrorKind.NOT_IMPLEMENTED,
                        "attach with logs=1 and stdin=1 is not supported: attach without logs, or use docker logs");
            }
            if (stdout || stderr) {
                body.subscription(containers.logs(id, replay(stdout, stderr, stream), body));
            } else {
                body.end();
            }
        } else if (stream) {
            input = stdin ? new HijackInput() : null;
            OutputSubscription subscription = containers.attach(
                    id,
                    stdout,
                    stderr,
                    Optional.ofNullable(input).map(HijackInput::stream),
                    request.queryValue("detachKeys").orElse(""),
                    body);
            body.subscription(subscription);
        } else {
            body.end();
        }
        return Response.hijack(upgrade(request), mediaType(request, tty), body, input);
    }

    /** What attach's {@code logs=1} replays: every stored line of the chosen streams, and with {@code follow} more. */
    private static LogOptions replay(boolean stdout, boolean stderr, boolean follow) {
        return new LogOptions(stdout, stderr, follow, OptionalInt.empty(), Instant.EPOCH, Instant.MAX, false);
    }

    /**
     * The stream's media type: multiplexed for a non-TTY stream from API 1.42 on; raw for a TTY, and for older
     * clients, which are sent frames all the same (moby).
     */
    private static String mediaType(Request request, boolean tty) {
        return !tty && request.version().compareTo(MULTIPLEXED_SINCE) >= 0
                ? OutputStreamBody.MULTIPLEXED
                : OutputStreamBody.RAW;
    }

    private static boolean upgrade(Request request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && !upgrade.isBlank();
    }

    /** Stored output, then (with {@code follow}) new output until the container stops; chunked, one frame a chunk. */
    private Response logs(Request request) throws EngineException {
        String id = request.pathParameter("id");
        boolean stdout = request.queryBoolean("stdout", false);
        boolean stderr = request.queryBoolean("stderr", false);
        if (!stdout && !stderr) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "Bad parameters: you must choose at least one stream");
        }
        Instant until = time(request, "until", Instant.MAX);
        LogOptions options = new LogOptions(
                stdout,
                stderr,
                request.queryBoolean("follow", false),
                tail(request),
                time(request, "since", Instant.EPOCH),
                until,
                request.queryBoolean("timestamps", false));
        boolean tty = containers.inspect(id).spec().tty();
        OutputStreamBody body = new OutputStreamBody(!tty);
        body.subscription(containers.logs(id, options, body));
        return Response.chunked(HttpResponseStatus.OK, mediaType(request, tty), body);
    }

    /** {@code tail}: a number of lines, or {@code all} (also empty, or anything not a number, as moby). */
    private static OptionalInt tail(Request request) {
        String text = request.queryValue("tail").orElse("all").trim();
        try {
            int lines = Integer.parseInt(text);
            return lines < 0 ? OptionalInt.empty() : OptionalInt.of(lines);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * {@code since} and {@code until}: Unix seconds with an optional fraction ({@code 1700000000.000000001}); the CLI
     * turns dates and durations ({@code 10m}, {@code 2026-11-30T01:00:00}) into that form itself. Absent or 0: {@code
     * none}.
     */
    static Instant time(Request request, String name, Instant none) throws EngineException {
        String text = request.queryValue(name).orElse("").trim();
        if (text.isEmpty() || text.equals("0")) {
            return none;
        }
        try {
            BigDecimal seconds = new BigDecimal(text);
            long whole = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .intValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "invalid value for " + name + ": \"" + text + "\" (Unix seconds expected)");
        }
    }

    /** {@code docker run -t} and {@code attach} send the terminal's size (rows {@code h}, columns {@code w}). */
    private Response resize(Request request) throws EngineException {
        containers.resize(request.pathParameter("id"), size(request, "h"), size(request, "w"));
        return Response.empty(HttpResponseStatus.OK);
    }

    /** {@code docker exec -t} sends the terminal's size. */
    private Response resizeExec(Request request) throws EngineException {
        containers.resizeExec(request.pathParameter("id"), size(request, "h"), size(request, "w"));
        return Response.empty(HttpResponseStatus.OK);
    }

    /** A terminal dimension: a number of cells, 0 to 65535 (moby parses it as an unsigned integer); absent 0. */
    private static int size(Request request, String name) throws EngineException {
        long value = request.queryInteger(name).orElse(0L);
        if (value < 0 || value > 0xffff) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "invalid " + name + " " + value + ": a number of cells is expected");
        }
        return (int) value;
    }

    private Response createExec(Request request) throws EngineException {
        String execId =
                containers.createExec(request.pathParameter("id"), ContainerSpecs.execSpec(request.jsonBody(false)));
        return Response.json(HttpResponseStatus.CREATED, new JsonMap().with("Id", execId));
    }

    /**
     * Detached: started, then 200 with no body. Attached: hijacked like attach (101 with an upgrade, else 200 and
     * raw frames until the connection closes, as docker-java expects), the output framed (raw with a TTY), closed at
     * the exit; an exec created with {@code AttachStdin} reads what the client sends.
     */
    private Response startExec(Request request) throws EngineException {
        String execId = request.pathParameter("id");
        JsonBody body = request.jsonBody(true);
        if (body.bool("Detach")) {
            containers.startExec(execId, Optional.empty());
            return Response.empty(HttpResponseStatus.OK);
        }
        ExecSpec spec = containers.inspectExec(execId).spec();
        boolean tty = spec.tty() || body.bool("Tty");
        OutputStreamBody output = new OutputStreamBody(!tty);
        HijackInput input = spec.attachStdin() ? new HijackInput() : null;
        containers.startExec(
                execId, Optional.of(output), Optional.ofNullable(input).map(HijackInput::stream));
        return Response.hijack(upgrade(request), mediaType(request, tty), output, input);
    }

    private Response inspectExec(Request request) throws EngineException {
        return Response.json(
                HttpResponseStatus.OK, ContainerJson.exec(containers.inspectExec(request.pathParameter("id"))));
    }
}
