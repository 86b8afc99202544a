package io.shoal.engine.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Rewrites of the files the engine bind-mounts into a container ({@code hosts}, {@code hostname},
 * {@code resolv.conf}).
 */
final class ContainerFiles {
    private ContainerFiles() {}

    /**
     * Writes {@code content} over {@code file} from its first byte, then cuts what is left of a longer old content
     * ({@code ftruncate(2)}); creates the file if missing. The inode stays the same, so a container that has the file
     * bind-mounted sees the new content (a rename would leave it the old inode). Not truncated first: ext4 with its
     * default {@code auto_da_alloc} (ext4(5)) takes a truncate to zero followed by a rewrite for the
     * "replace-via-truncate" pattern and allocates and writes the new blocks out at close, which cost ~2 ms per
     * rewrite on the test machine against ~45 µs in place (docs/performance.md, session 9). A reader meanwhile may see
     * old and new bytes mixed, as it could see an empty file before.
     *
     * @throws IOException the file cannot be opened, written or cut
     */
    static void rewriteInPlace(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            if (channel.size() > content.length) {
                channel.truncate(content.length);
            }
        }
    }
}
