package io.shoal.engine.image;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A rootfs "unpacker" for tests: the stream's bytes become one file, {@code content}, in the target; a stream that
 * starts with {@code "not a tar"} is refused (INVALID_ARGUMENT) after a partial file was written, as a real unpacker
 * fails midway.
 */
public final class FakeRootfsUnpacker implements RootfsUnpacker {
    @Override
    public Unpacked unpack(InputStream tarball, Path target) throws EngineException {
        try {
            byte[] bytes = tarball.readAllBytes();
            Files.write(target.resolve("content"), bytes);
            if (new String(bytes, StandardCharsets.UTF_8).startsWith("not a tar")) {
                throw new EngineException(ErrorKind.INVALID_ARGUMENT, "archive/tar: invalid tar header");
            }
            return new Unpacked(
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    bytes.length);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new EngineException(ErrorKind.INTERNAL, "unpack: " + e.getMessage(), e);
        }
    }
}
