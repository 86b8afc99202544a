package io.shoal.engine.image;

import io.shoal.engine.errors.EngineException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The port that turns a root filesystem tarball into a directory: every entry of a tar(5) stream (ustar, GNU or pax;
 * optionally gzip-compressed) written under {@code target} with its mode, owner and symbolic or hard links as
 * recorded, nothing outside {@code target} (entries escaping it through {@code ..} or links are refused), device
 * nodes skipped. The production adapter uses a tar library; the stream's bytes are hashed while they are read.
 */
public interface RootfsUnpacker {
    /** What was unpacked: the SHA-256 of the stream as received (64 hex) and the unpacked size in bytes. */
    record Unpacked(String sha256, long size) {}

    /**
     * Unpacks {@code tarball} into {@code target} (an empty directory that exists). INVALID_ARGUMENT when the stream
     * is not a tar or an entry escapes; INTERNAL naming the path and the error when writing fails.
     */
    Unpacked unpack(InputStream tarball, Path target) throws EngineException;
}
