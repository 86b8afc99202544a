package io.shoal.engine.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a container's root filesystem comes from.
 *
 * <p>{@link Overlay} is the usual case: the runtime's shim mounts the copy-on-write layer over the bundle's {@code
 * rootfs} directory itself when it creates the task, and unmounts it when the task is deleted, so the engine mounts
 * and unmounts nothing. {@link Directory} runs on a directory as it is (writes change it).
 */
public sealed interface Rootfs {
    /** The value of the OCI spec's {@code root.path} for this rootfs. */
    String specRootPath();

    /** An existing directory, used in place; {@code path} must be absolute. */
    record Directory(Path path) implements Rootfs {
        public Directory {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("rootfs directory must be absolute: " + path);
            }
        }

        @Override
        public String specRootPath() {
            return path.toString();
        }
    }

    /**
     * An overlay (overlayfs, mount(8) "overlay"): read-only {@code lower} layers, uppermost first, with writes going
     * to {@code upper}; {@code work} is overlayfs' scratch directory on the same filesystem as {@code upper}. All
     * paths absolute.
     */
    record Overlay(List<Path> lower, Path upper, Path work) implements Rootfs {
        /** The bundle-relative root the shim mounts the layer on (containerd: {@code <bundle>/rootfs}). */
        public static final String BUNDLE_ROOTFS = "rootfs";

        public Overlay {
            lower = List.copyOf(lower);
            Objects.requireNonNull(upper, "upper");
            Objects.requireNonNull(work, "work");
            if (lower.isEmpty()) {
                throw new IllegalArgumentException("overlay needs at least one lower directory");
            }
            for (Path path : lower) {
                requireAbsolute(path);
            }
            requireAbsolute(upper);
            requireAbsolute(work);
        }

        @Override
        public String specRootPath() {
            return BUNDLE_ROOTFS;
        }

        private static void requireAbsolute(Path path) {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("overlay directory must be absolute: " + path);
            }
        }
    }
}
