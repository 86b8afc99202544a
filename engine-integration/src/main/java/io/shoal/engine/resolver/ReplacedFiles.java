package io.shoal.engine.resolver;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files under the data root that a reader must see whole or not at all (a start may read them after a crash at any
 * moment): written to a temporary file beside them, then renamed over them (rename(2) is atomic within a filesystem).
 */
final class ReplacedFiles {
    private ReplacedFiles() {}

    /**
     * Replaces {@code file} with {@code text}, through {@code temporary} (same directory), making the directory first.
     *
     * @throws IOException when the directory, the temporary file or the rename fails (the old file is then unchanged)
     */
    static void replace(Path file, Path temporary, String text, Charset charset) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(temporary, text, charset);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
