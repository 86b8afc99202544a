package io.shoal.engine.containerd;

import java.util.List;

/**
 * Renders a private containerd's {@code config.toml} (containerd 1.6, config version 2): root, state and both sockets
 * under the {@link DataRoot}; no TCP, debug or metrics listener; the plugins Shoal does not use disabled (CRI, the
 * snapshotters other than overlayfs and native, the /opt installer, tracing), so start-up is quick and nothing is
 * written outside the data root.
 */
final class ContainerdConfig {
    /** Plugins a private containerd does not load (containerd 1.6 plugin ids). */
    static final List<String> DISABLED_PLUGINS = List.of(
            "io.containerd.grpc.v1.cri",
            "io.containerd.internal.v1.opt",
            "io.containerd.snapshotter.v1.aufs",
            "io.containerd.snapshotter.v1.btrfs",
            "io.containerd.snapshotter.v1.devmapper",
            "io.containerd.snapshotter.v1.zfs",
            "io.containerd.tracing.processor.v1.otlp",
            "io.containerd.internal.v1.tracing");

    private ContainerdConfig() {}

    static String render(DataRoot layout) {
        StringBuilder toml = new StringBuilder();
        toml.append("# Written by Shoal for its private containerd; rewritten at each start.\n");
        toml.append("version = 2\n");
        toml.append("root = ").append(quote(layout.root().toString())).append('\n');
        toml.append("state = ").append(quote(layout.state().toString())).append('\n');
        toml.append("disabled_plugins = [");
        for (int i = 0; i < DISABLED_PLUGINS.size(); i++) {
            toml.append(i == 0 ? "" : ", ").append(quote(DISABLED_PLUGINS.get(i)));
        }
        toml.append("]\n\n");
        toml.append("[grpc]\n");
        toml.append("  address = ").append(quote(layout.socket().toString())).append('\n');
        toml.append("  tcp_address = \"\"\n\n");
        toml.append("[ttrpc]\n");
        toml.append("  address = ")
                .append(quote(layout.ttrpcSocket().toString()))
                .append('\n');
        toml.append('\n');
        toml.append("[debug]\n");
        toml.append("  address = \"\"\n\n");
        toml.append("[metrics]\n");
        toml.append("  address = \"\"\n");
        return toml.toString();
    }

    /** A TOML basic string (toml.io v1.0.0, "String"): backslash and quote escaped, control characters refused. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in a containerd config value: " + value);
            }
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
