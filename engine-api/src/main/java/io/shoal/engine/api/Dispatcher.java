package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * From a decoded request to a response, without Netty's channel: strips and checks the version prefix (moby's
 * {@code api/server/middleware/version.go}), routes, calls the handler and turns its failure into Docker's error
 * shape. Runs on the handler executor.
 */
final class Dispatcher {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    /** moby's router: every route is also served under {@code /v{version:[0-9.]+}}. */
    private static final Pattern VERSIONED = Pattern.compile("/v([0-9.]+)(/.*)");

    private final Router router;

    Dispatcher(Router router) {
        this.router = router;
    }

    /** The response to {@code method uri}; never throws for anything the client sent. */
    Response dispatch(HttpMethod method, String uri, HttpHeaders headers, byte[] body) {
        return dispatch(method, uri, headers, body, null);
    }

    /**
     * The response to {@code method uri}, the body given whole ({@code body}) or streamed ({@code stream}, for a
     * route with a {@link BodyHandler}); never throws for anything the client sent.
     */
    Response dispatch(HttpMethod method, String uri, HttpHeaders headers, byte[] body, InputStream stream) {
        QueryStringDecoder decoded = decode(uri);
        String path;
        Map<String, List<String>> query;
        try {
            path = decoded.path();
            query = decoded.parameters();
        } catch (IllegalArgumentException e) {
            return Response.error(HttpResponseStatus.BAD_REQUEST, "malformed request URI: " + e.getMessage());
        }
        ApiVersion version = ApiVersion.MAX;
        Matcher versioned = VERSIONED.matcher(path);
        if (versioned.matches()) {
            version = ApiVersion.parse(versioned.group(1));
            path = versioned.group(2);
        }
        Optional<Router.Match> match = router.match(method, path);
        if (match.isEmpty()) {
            return Response.error(HttpResponseStatus.NOT_FOUND, "page not found");
        }
        Optional<String> refused = refuse(version);
        if (refused.isPresent()) {
            return Response.error(ErrorKind.INVALID_ARGUMENT, refused.get());
        }
        Request request = new Request(
                method, path, version, query, headers, body, match.get().parameters());
        Router.Route route = match.get().route();
        try {
            router.admit(route);
        } catch (EngineException e) {
            return Response.error(e.kind(), e.getMessage());
        }
        if (route.streamsBody() && stream != null) {
            return call(r -> route.bodyHandler().handle(r, stream), request);
        }
        return call(route.handler(), request);
    }

    /** Whether the request's body is streamed to its handler rather than joined first (on the event loop). */
    boolean streamsBody(HttpMethod method, String uri) {
        String path;
        try {
            path = decode(uri).path();
        } catch (IllegalArgumentException e) {
            return false; // answered 400 by dispatch
        }
        Matcher versioned = VERSIONED.matcher(path);
        if (versioned.matches()) {
            path = versioned.group(2);
        }
        return router.match(method, path).map(m -> m.route().streamsBody()).orElse(false);
    }

    /** The path and query; {@code +} in the query is a space (docker-py sends form encoding). */
    private static QueryStringDecoder decode(String uri) {
        return new QueryStringDecoder(uri);
    }

    /** Why {@code version} is refused, in moby's words; empty when it is served. */
    static Optional<String> refuse(ApiVersion version) {
        if (version.compareTo(ApiVersion.MAX) > 0) {
            return Optional.of(
                    "client version " + version + " is too new. Maximum supported API version is " + ApiVersion.MAX);
        }
        if (version.compareTo(ApiVersion.MIN) < 0) {
            return Optional.of("client version " + version + " is too old. Minimum supported API version is "
                    + ApiVersion.MIN + ", please upgrade your client to a newer version");
        }
        return Optional.empty();
    }

    private static Response call(Handler handler, Request request) {
        try {
            return handler.handle(request);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.INTERNAL) {
                LOG.log(Level.WARNING, request.method() + " " + request.path() + " failed", e);
            }
            return Response.error(e.kind(), e.getMessage());
        } catch (RuntimeException e) {
            // A bug in a handler: the client gets a 500 naming it, the log keeps the stack.
            LOG.log(Level.ERROR, request.method() + " " + request.path() + " failed unexpectedly", e);
            return Response.error(ErrorKind.INTERNAL, "internal error: " + e);
        } catch (LinkageError e) {
            // A class the handler needs cannot be loaded (its jar rewritten under the running daemon, a broken
            // install): without an answer here the client would wait forever on a request whose thread died.
            LOG.log(Level.ERROR, request.method() + " " + request.path() + " failed: a class cannot be loaded", e);
            return Response.error(ErrorKind.INTERNAL, "internal error: " + e + "; restart shoald");
        }
    }
}
