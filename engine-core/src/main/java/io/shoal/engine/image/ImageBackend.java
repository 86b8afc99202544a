package io.shoal.engine.image;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.filter.Filters;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The image side of the Engine API: {@code docker import}, {@code images}, {@code image inspect}, {@code rmi}. There
 * is no registry: images come from root filesystem tarballs. A reference without a tag means {@code :latest}; an
 * image is found by reference, full id (with or without {@code sha256:}) or unique id prefix; none is NOT_FOUND
 * {@code No such image: REF}.
 */
public interface ImageBackend {
    /**
     * Stores a root filesystem tarball (tar(5), optionally gzip-compressed) as an image, tagged {@code reference}
     * when given (moving that tag off any other image). {@code changes} are Dockerfile instructions applied to the
     * image's defaults ({@code CMD}, {@code ENTRYPOINT}, {@code ENV}, {@code WORKDIR}, {@code LABEL}); another is
     * INVALID_ARGUMENT. A tarball that is not a tar is INVALID_ARGUMENT; nothing is kept of a failed import.
     */
    ImageView importRootfs(InputStream tarball, Optional<String> reference, String comment, List<String> changes)
            throws EngineException;

    /** Every image matching {@code filters} (keys {@code reference}, {@code dangling}, {@code label}). */
    List<ImageView> list(Filters filters) throws EngineException;

    /** The image named {@code reference}. */
    ImageView inspect(String reference) throws EngineException;

    /**
     * Removes a tag, or the image when its last tag goes or it is named by id. CONFLICT when a container uses it
     * (unless {@code force}). Returns Docker's report, untaggings first.
     */
    List<ImageRemoval> remove(String reference, boolean force) throws EngineException;

    /**
     * {@code docker tag SOURCE REFERENCE}: adds {@code reference} (without a tag: {@code :latest}) to the image named
     * {@code source}, moving it off any other image. NOT_FOUND when there is no such image; INVALID_ARGUMENT for a
     * reference Docker would refuse (e.g. one that is an image id). Tagging with a tag it already has does nothing.
     */
    void tag(String source, String reference) throws EngineException;

    /** The directory holding the image's unpacked root filesystem (the overlay's lower layer). */
    Path rootfs(String imageId) throws EngineException;
}
