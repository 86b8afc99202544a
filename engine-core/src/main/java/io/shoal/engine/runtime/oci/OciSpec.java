package io.shoal.engine.runtime.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of an OCI runtime spec (runtime-spec 1.0.2, {@code config.md}, {@code config-linux.md}) that Shoal fills
 * in. Component names are the JSON member names; the containerd adapter renders it as the JSON containerd hands to
 * runc.
 */
public record OciSpec(
        String ociVersion,
        OciProcess process,
        Root root,
        Optional<String> hostname,
        List<Mount> mounts,
        Linux linux,
        Map<String, String> annotations) {
    /** The spec version runc 1.1 speaks. */
    public static final String VERSION = "1.0.2-dev";

    public OciSpec {
        Objects.requireNonNull(ociVersion, "ociVersion");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(hostname, "hostname");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(linux, "linux");
        annotations = Map.copyOf(annotations);
    }

    /** {@code root}: the rootfs path (absolute, or relative to the bundle) and whether it is mounted read-only. */
    public record Root(String path, boolean readonly) {
        public Root {
            Objects.requireNonNull(path, "path");
        }
    }

    /** One entry of {@code mounts}, in the order runc mounts them. */
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            options = List.copyOf(options);
        }
    }

    /** {@code linux}: namespaces, cgroup, device rules, masked and read-only paths. */
    public record Linux(
            List<Namespace> namespaces,
            String cgroupsPath,
            List<DeviceRule> devices,
            List<String> maskedPaths,
            List<String> readonlyPaths) {
        public Linux {
            namespaces = List.copyOf(namespaces);
            Objects.requireNonNull(cgroupsPath, "cgroupsPath");
            devices = List.copyOf(devices);
            maskedPaths = List.copyOf(maskedPaths);
            readonlyPaths = List.copyOf(readonlyPaths);
        }
    }

    /**
     * One of {@code linux.namespaces}: {@code type} is "pid", "network", "mount", "ipc", "uts", "user" or "cgroup";
     * with a {@code path} the container joins that namespace, without one it gets a new one.
     */
    public record Namespace(String type, Optional<String> path) {
        public Namespace {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * One of {@code linux.resources.devices}: the devices cgroup rule {@code allow} or deny {@code access} ("rwm") to
     * every device (type, major and minor are left out: "all").
     */
    public record DeviceRule(boolean allow, String access) {
        public DeviceRule {
            Objects.requireNonNull(access, "access");
        }
    }
}
