package io.shoal.engine.containerd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.shoal.engine.runtime.oci.OciProcess;
import io.shoal.engine.runtime.oci.OciSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Renders engine-core's typed OCI spec as the JSON runc reads (runtime-spec 1.0.2 {@code config.md}, {@code
 * config-linux.md}); the member names are spelled here and nowhere else. containerd stores the bytes as they are in
 * the container's spec Any and writes them to the bundle's {@code config.json}.
 */
final class OciJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private OciJson() {}

    /** The whole spec, as UTF-8 JSON. */
    static byte[] spec(OciSpec spec) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("ociVersion", spec.ociVersion());
            json.writeFieldName("process");
            process(json, spec.process());
            json.writeObjectFieldStart("root");
            json.writeStringField("path", spec.root().path());
            json.writeBooleanField("readonly", spec.root().readonly());
            json.writeEndObject();
            if (spec.hostname().isPresent()) {
                json.writeStringField("hostname", spec.hostname().get());
            }
            json.writeArrayFieldStart("mounts");
            for (OciSpec.Mount mount : spec.mounts()) {
                json.writeStartObject();
                json.writeStringField("destination", mount.destination());
                json.writeStringField("type", mount.type());
                json.writeStringField("source", mount.source());
                strings(json, "options", mount.options());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("linux");
            linux(json, spec.linux());
            if (!spec.annotations().isEmpty()) {
                json.writeObjectFieldStart("annotations");
                for (var annotation : spec.annotations().entrySet()) {
                    json.writeStringField(annotation.getKey(), annotation.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    /** A {@code process} object alone: what containerd's Exec takes. */
    static byte[] processOnly(OciProcess process) {
        return write(json -> process(json, process));
    }

    private static void process(JsonGenerator json, OciProcess process) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("terminal", process.terminal());
        json.writeObjectFieldStart("user");
        json.writeNumberField("uid", process.uid());
        json.writeNumberField("gid", process.gid());
        json.writeEndObject();
        strings(json, "args", process.args());
        strings(json, "env", process.env());
        json.writeStringField("cwd", process.cwd());
        json.writeObjectFieldStart("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(json, set, process.capabilities());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("rlimits");
        for (OciProcess.Rlimit rlimit : process.rlimits()) {
            json.writeStartObject();
            json.writeStringField("type", rlimit.type());
            json.writeNumberField("hard", rlimit.hard());
            json.writeNumberField("soft", rlimit.soft());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeBooleanField("noNewPrivileges", process.noNewPrivileges());
        if (process.consoleSize().isPresent()) {
            json.writeObjectFieldStart("consoleSize");
            json.writeNumberField("height", process.consoleSize().get().height());
            json.writeNumberField("width", process.consoleSize().get().width());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void linux(JsonGenerator json, OciSpec.Linux linux) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("namespaces");
        for (OciSpec.Namespace namespace : linux.namespaces()) {
            json.writeStartObject();
            json.writeStringField("type", namespace.type());
            if (namespace.path().isPresent()) {
                json.writeStringField("path", namespace.path().get());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("cgroupsPath", linux.cgroupsPath());
        json.writeObjectFieldStart("resources");
        json.writeArrayFieldStart("devices");
        for (OciSpec.DeviceRule rule : linux.devices()) {
            json.writeStartObject();
            json.writeBooleanField("allow", rule.allow());
            json.writeStringField("access", rule.access());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        strings(json, "maskedPaths", linux.maskedPaths());
        strings(json, "readonlyPaths", linux.readonlyPaths());
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** What a writer of one JSON value does with the generator. */
    private interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            writer.write(json);
        } catch (IOException e) {
            // Into memory, strings, numbers and booleans always write.
            throw new UncheckedIOException("cannot render an OCI spec", e);
        }
        return bytes.toByteArray();
    }
}
