package io.shoal.engine.containerd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.engine.runtime.oci.OciProcess;
import io.shoal.engine.runtime.oci.OciSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders engine-core's typed OCI spec as the JSON runc reads (runtime-spec 1.0.2 {@code config.md}, {@code
 * config-linux.md}); the member names are spelled here and nowhere else. containerd stores the bytes as they are in
 * the container's spec Any and writes them to the bundle's {@code config.json}.
 */
final class OciJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OciJson() {}

    /** The whole spec, as UTF-8 JSON. */
    static byte[] spec(OciSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("ociVersion", spec.ociVersion());
        root.set("process", process(spec.process()));
        ObjectNode rootfs = root.putObject("root");
        rootfs.put("path", spec.root().path());
        rootfs.put("readonly", spec.root().readonly());
        spec.hostname().ifPresent(hostname -> root.put("hostname", hostname));
        ArrayNode mounts = root.putArray("mounts");
        for (OciSpec.Mount mount : spec.mounts()) {
            ObjectNode node = mounts.addObject();
            node.put("destination", mount.destination());
            node.put("type", mount.type());
            node.put("source", mount.source());
            strings(node.putArray("options"), mount.options());
        }
        root.set("linux", linux(spec.linux()));
        if (!spec.annotations().isEmpty()) {
            ObjectNode annotations = root.putObject("annotations");
            spec.annotations().forEach(annotations::put);
        }
        return bytes(root);
    }

    /** A {@code process} object alone: what containerd's Exec takes. */
    static byte[] processOnly(OciProcess process) {
        return bytes(process(process));
    }

    private static ObjectNode process(OciProcess process) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("terminal", process.terminal());
        ObjectNode user = node.putObject("user");
        user.put("uid", process.uid());
        user.put("gid", process.gid());
        strings(node.putArray("args"), process.args());
        strings(node.putArray("env"), process.env());
        node.put("cwd", process.cwd());
        ObjectNode capabilities = node.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(capabilities.putArray(set), process.capabilities());
        }
        ArrayNode rlimits = node.putArray("rlimits");
        for (OciProcess.Rlimit rlimit : process.rlimits()) {
            ObjectNode limit = rlimits.addObject();
            limit.put("type", rlimit.type());
            limit.put("hard", rlimit.hard());
            limit.put("soft", rlimit.soft());
        }
        node.put("noNewPrivileges", process.noNewPrivileges());
        process.consoleSize().ifPresent(size -> {
            ObjectNode console = node.putObject("consoleSize");
            console.put("height", size.height());
            console.put("width", size.width());
        });
        return node;
    }

    private static ObjectNode linux(OciSpec.Linux linux) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode namespaces = node.putArray("namespaces");
        for (OciSpec.Namespace namespace : linux.namespaces()) {
            ObjectNode entry = namespaces.addObject();
            entry.put("type", namespace.type());
            namespace.path().ifPresent(path -> entry.put("path", path));
        }
        node.put("cgroupsPath", linux.cgroupsPath());
        ArrayNode devices = node.putObject("resources").putArray("devices");
        for (OciSpec.DeviceRule rule : linux.devices()) {
            ObjectNode entry = devices.addObject();
            entry.put("allow", rule.allow());
            entry.put("access", rule.access());
        }
        strings(node.putArray("maskedPaths"), linux.maskedPaths());
        strings(node.putArray("readonlyPaths"), linux.readonlyPaths());
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises.
            throw new IllegalStateException("cannot render an OCI spec tree", e);
        }
    }
}
