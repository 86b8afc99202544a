package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.image.ImageBackend;
import io.shoal.engine.image.ImageRemoval;
import io.shoal.engine.image.ImageView;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /images*} without a registry (interfaces reference §2.9): import a root filesystem tarball, list, inspect,
 * remove, after moby's {@code api/server/router/image/image_routes.go}. Image names hold {@code /} and {@code :}, so
 * their routes take the rest of the path ({@code /images/{name...}/json}).
 */
public final class ImageRoutes {
    /** What a pull is answered with: there is no registry. */
    static final String NO_REGISTRY = "no registry: Shoal cannot pull images; import a rootfs with docker import";

    private final ImageBackend images;

    /** Routes over {@code images}. */
    public ImageRoutes(ImageBackend images) {
        this.images = Objects.requireNonNull(images, "images");
    }

    /** Adds the routes to {@code router}. */
    public Router.Builder addTo(Router.Builder router) {
        return router.streamingRoute(HttpMethod.POST, "/images/create", this::create)
                .route(HttpMethod.GET, "/images/json", this::list)
                .route(HttpMethod.POST, "/images/prune", this::prune)
                .route(HttpMethod.GET, "/images/{name...}/json", this::inspect)
                .route(HttpMethod.POST, "/images/{name...}/tag", this::tag)
                .route(HttpMethod.DELETE, "/images/{name...}", this::remove);
    }

    /**
     * {@code fromSrc=-}: the body is the tarball, streamed into the backend as it arrives, whatever its size. The
     * answer is Docker's JSON-lines stream, here one line {@code {"status":"sha256:…"}}: nothing is flushed before
     * the import ends, so a failure is an ordinary error response. A pull ({@code fromImage}) is 404: no registry.
     */
    private Response create(Request request, InputStream body) throws EngineException {
        if (request.queryValue("fromImage").filter(v -> !v.isEmpty()).isPresent()) {
            throw new EngineException(ErrorKind.NOT_FOUND, NO_REGISTRY);
        }
        String source = request.queryValue("fromSrc").orElse("");
        if (source.isEmpty()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "fromSrc or fromImage is required");
        }
        if (!source.equals("-")) {
            throw new EngineException(
                    ErrorKind.NOT_IMPLEMENTED,
                    "importing from a URL is not supported: send the tarball in the body (docker import FILE)");
        }
        String message = request.queryValue("message").orElse("");
        ImageView imported = images.importRootfs(
                body,
                reference(request),
                message.isEmpty() ? "Imported from -" : message,
                request.queryValues("changes"));
        byte[] line = ("{\"status\":\"" + imported.id() + "\"}\r\n").getBytes(StandardCharsets.UTF_8);
        return new Response(HttpResponseStatus.OK, Response.JSON, line, Map.of());
    }

    /** {@code repo} holds the whole reference ({@code busybox:local}); {@code tag}, when given, is appended. */
    private static Optional<String> reference(Request request) {
        String repo = request.queryValue("repo").orElse("");
        String tag = request.queryValue("tag").orElse("");
        if (repo.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tag.isEmpty() ? repo : repo + ":" + tag);
    }

    /**
     * {@code docker tag}: {@code repo} (required) and {@code tag} name the new reference; 201 with no body, as
     * dockerd answers (API: ImageTag).
     */
    private Response tag(Request request) throws EngineException {
        Optional<String> reference = reference(request);
        if (reference.isEmpty()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "repo is required: the name to tag the image with");
        }
        images.tag(request.pathParameter("name"), reference.get());
        return Response.empty(HttpResponseStatus.CREATED);
    }

    private Response list(Request request) throws EngineException {
        List<Object> list = new ArrayList<>();
        for (ImageView image : images.list(request.filters())) {
            list.add(summary(image));
        }
        return Response.json(HttpResponseStatus.OK, list);
    }

    private Response inspect(Request request) throws EngineException {
        return Response.json(HttpResponseStatus.OK, inspect(images.inspect(request.pathParameter("name"))));
    }

    private Response remove(Request request) throws EngineException {
        request.queryBoolean("noprune", false); // checked for its syntax; imported images have no parents
        List<Object> report = new ArrayList<>();
        for (ImageRemoval removal :
                images.remove(request.pathParameter("name"), request.queryBoolean("force", false))) {
            String key = removal.kind() == ImageRemoval.Kind.UNTAGGED ? "Untagged" : "Deleted";
            report.add(new JsonMap().with(key, removal.value()));
        }
        return Response.json(HttpResponseStatus.OK, report);
    }

    /**
     * {@code docker image prune} (and Testcontainers' shutdown hook): removes the dangling images (no tag) that
     * match {@code filters}, as {@code image.PruneReport}; an image a container uses stays (the backend refuses it).
     */
    private Response prune(Request request) throws EngineException {
        Map<String, java.util.Set<String>> terms =
                new java.util.LinkedHashMap<>(request.filters().terms());
        terms.put("dangling", java.util.Set.of("true"));
        List<Object> deleted = new ArrayList<>();
        for (ImageView image : images.list(new io.shoal.engine.filter.Filters(terms))) {
            try {
                for (ImageRemoval removal : images.remove(image.id(), false)) {
                    String key = removal.kind() == ImageRemoval.Kind.UNTAGGED ? "Untagged" : "Deleted";
                    deleted.add(new JsonMap().with(key, removal.value()));
                }
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.CONFLICT && e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        long reclaimed = 0;
        return Response.json(
                HttpResponseStatus.OK,
                new JsonMap().with("ImagesDeleted", deleted).with("SpaceReclaimed", reclaimed));
    }

    /** {@code docker images}' entry (moby's {@code image.Summary}). */
    static JsonMap summary(ImageView image) {
        return new JsonMap()
                .with("Containers", -1)
                .with("Created", image.created().getEpochSecond())
                .with("Id", image.id())
                .with("Labels", image.labels().isEmpty() ? null : new TreeMap<>(image.labels()))
                .with("ParentId", "")
                .with("RepoDigests", List.of())
                .with("RepoTags", image.repoTags())
                .with("SharedSize", -1)
                .with("Size", image.size());
    }

    /**
     * {@code docker image inspect} (moby's {@code image.InspectResponse}). The root filesystem's layer list is empty:
     * the engine keeps one unpacked directory per image, not layer digests.
     */
    static JsonMap inspect(ImageView image) {
        return new JsonMap()
                .with("Id", image.id())
                .with("RepoTags", image.repoTags())
                .with("RepoDigests", List.of())
                .with("Parent", "")
                .with("Comment", image.comment())
                .with("Created", Times.rfc3339Nano(image.created()))
                .with("DockerVersion", "")
                .with("Author", "")
                .with(
                        "Config",
                        new JsonMap()
                                .with("Hostname", "")
                                .with("Domainname", "")
                                .with("User", "")
                                .with("AttachStdin", false)
                                .with("AttachStdout", false)
                                .with("AttachStderr", false)
                                .with("Tty", false)
                                .with("OpenStdin", false)
                                .with("StdinOnce", false)
                                .with("Env", image.env().isEmpty() ? null : image.env())
                                .with("Cmd", image.cmd().isEmpty() ? null : image.cmd())
                                .with("Image", "")
                                .with("Volumes", null)
                                .with("WorkingDir", image.workingDir())
                                .with("Entrypoint", image.entrypoint().isEmpty() ? null : image.entrypoint())
                                .with("OnBuild", null)
                                .with("Labels", image.labels().isEmpty() ? null : new TreeMap<>(image.labels())))
                .with("Architecture", "amd64")
                .with("Os", "linux")
                .with("Size", image.size())
                .with("GraphDriver", new JsonMap().with("Data", null).with("Name", "overlay"))
                .with("RootFS", new JsonMap().with("Type", "layers").with("Layers", List.of()))
                .with("Metadata", new JsonMap().with("LastTagTime", Times.ZERO));
    }
}
