package io.shoal.engine.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a JSON value as the Docker Engine API documents it (the swagger definitions of API 1.41–1.47 and the
 * Go types behind them): a JSON type per value, and for objects which members are always present. Go encodes a nil
 * slice or map as {@code null}, so arrays and maps may be null; strings, numbers and booleans never are (a Go zero
 * value is {@code ""}, {@code 0}, {@code false}); a struct behind a pointer may be null only when marked
 * {@link #orNull()}. Members a Go type tags {@code omitempty} are {@link ObjectShape#optional}. Members the shape
 * does not name are allowed (a client ignores them).
 */
abstract class JsonShape {
    static final JsonShape STRING = new Scalar("string") {
        @Override
        boolean accepts(JsonNode node) {
            return node.isTextual();
        }
    };
    static final JsonShape INTEGER = new Scalar("integer") {
        @Override
        boolean accepts(JsonNode node) {
            return node.isIntegralNumber();
        }
    };
    static final JsonShape BOOLEAN = new Scalar("boolean") {
        @Override
        boolean accepts(JsonNode node) {
            return node.isBoolean();
        }
    };
    /** Any value at all (Docker's {@code {}} placeholders, e.g. ExposedPorts' values). */
    static final JsonShape ANY = new Scalar("any") {
        @Override
        boolean accepts(JsonNode node) {
            return true;
        }

        @Override
        boolean nullable() {
            return true;
        }
    };

    /** The problems of {@code node} against this shape, each naming its JSON path; empty when it conforms. */
    final List<String> problems(JsonNode node) {
        List<String> problems = new ArrayList<>();
        check(node, "$", problems);
        return problems;
    }

    abstract void check(JsonNode node, String path, List<String> problems);

    boolean nullable() {
        return false;
    }

    /** This shape, or JSON null (a Go pointer). */
    final JsonShape orNull() {
        JsonShape inner = this;
        return new JsonShape() {
            @Override
            void check(JsonNode node, String path, List<String> problems) {
                if (!node.isNull()) {
                    inner.check(node, path, problems);
                }
            }

            @Override
            boolean nullable() {
                return true;
            }
        };
    }

    static JsonShape arrayOf(JsonShape element) {
        return new JsonShape() {
            @Override
            void check(JsonNode node, String path, List<String> problems) {
                if (node.isNull()) {
                    return;
                }
                if (!node.isArray()) {
                    problems.add(path + ": expected an array, found " + node.getNodeType());
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    checkValue(element, node.get(i), path + "[" + i + "]", problems);
                }
            }

            @Override
            boolean nullable() {
                return true;
            }
        };
    }

    /** A JSON object with arbitrary member names whose values all have {@code value}'s shape (a Go map). */
    static JsonShape mapOf(JsonShape value) {
        return new JsonShape() {
            @Override
            void check(JsonNode node, String path, List<String> problems) {
                if (node.isNull()) {
                    return;
                }
                if (!node.isObject()) {
                    problems.add(path + ": expected an object (map), found " + node.getNodeType());
                    return;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    checkValue(value, member.getValue(), path + "[\"" + member.getKey() + "\"]", problems);
                }
            }

            @Override
            boolean nullable() {
                return true;
            }
        };
    }

    static ObjectShape object() {
        return new ObjectShape();
    }

    private static void checkValue(JsonShape shape, JsonNode node, String path, List<String> problems) {
        if (node.isNull() && !shape.nullable()) {
            problems.add(path + ": null where Docker always sends a value");
            return;
        }
        shape.check(node, path, problems);
    }

    /** A Go struct: named members, each always present unless optional. */
    static final class ObjectShape extends JsonShape {
        private final Map<String, JsonShape> required = new LinkedHashMap<>();
        private final Map<String, JsonShape> optional = new LinkedHashMap<>();

        /** A member Docker always sends. */
        ObjectShape field(String name, JsonShape shape) {
            required.put(name, shape);
            return this;
        }

        /** A member Docker may leave out ({@code omitempty}), checked when present. */
        ObjectShape optional(String name, JsonShape shape) {
            optional.put(name, shape);
            return this;
        }

        @Override
        void check(JsonNode node, String path, List<String> problems) {
            if (!node.isObject()) {
                problems.add(path + ": expected an object, found " + node.getNodeType());
                return;
            }
            required.forEach((name, shape) -> {
                if (!node.has(name)) {
                    problems.add(path + "." + name + ": missing");
                } else {
                    checkValue(shape, node.get(name), path + "." + name, problems);
                }
            });
            optional.forEach((name, shape) -> {
                if (node.has(name)) {
                    checkValue(shape, node.get(name), path + "." + name, problems);
                }
            });
        }
    }

    private abstract static class Scalar extends JsonShape {
        private final String name;

        Scalar(String name) {
            this.name = name;
        }

        abstract boolean accepts(JsonNode node);

        @Override
        void check(JsonNode node, String path, List<String> problems) {
            if (!accepts(node)) {
                problems.add(path + ": expected " + name + ", found " + node.getNodeType() + " " + node);
            }
        }
    }
}
