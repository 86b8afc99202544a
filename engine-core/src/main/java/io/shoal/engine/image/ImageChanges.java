package io.shoal.engine.image;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.image.ImageRecord.ImageDefaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code docker import -c} instructions applied to an image's defaults: {@code CMD} and {@code ENTRYPOINT} in exec
 * form (a JSON array of strings) or shell form (wrapped in {@code /bin/sh -c}), {@code ENV} ({@code K=V …} or the
 * legacy {@code K V}), {@code WORKDIR}, {@code LABEL} ({@code k=v …}, values optionally double-quoted). The grammar is
 * the Dockerfile reference's; any other instruction is INVALID_ARGUMENT, as dockerd refuses it for import.
 */
final class ImageChanges {
    private ImageChanges() {}

    static ImageDefaults apply(ImageDefaults start, List<String> changes) throws EngineException {
        ImageDefaults defaults = start;
        for (String change : changes) {
            defaults = applyOne(defaults, change.strip());
        }
        return defaults;
    }

    private static ImageDefaults applyOne(ImageDefaults d, String change) throws EngineException {
        if (change.isEmpty()) {
            return d;
        }
        int space = indexOfWhitespace(change);
        String keyword = (space < 0 ? change : change.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : change.substring(space).strip();
        return switch (keyword) {
            case "CMD" -> new ImageDefaults(d.env(), command(rest), d.entrypoint(), d.workingDir(), d.labels());
            case "ENTRYPOINT" -> new ImageDefaults(d.env(), d.cmd(), command(rest), d.workingDir(), d.labels());
            case "ENV" -> new ImageDefaults(env(d.env(), rest), d.cmd(), d.entrypoint(), d.workingDir(), d.labels());
            case "WORKDIR" -> new ImageDefaults(d.env(), d.cmd(), d.entrypoint(), workdir(rest), d.labels());
            case "LABEL" -> new ImageDefaults(d.env(), d.cmd(), d.entrypoint(), d.workingDir(), labels(d, rest));
            default -> throw invalid(keyword + " is not a valid change command");
        };
    }

    private static String workdir(String rest) throws EngineException {
        if (rest.isEmpty()) {
            throw invalid("WORKDIR requires exactly one argument");
        }
        return rest;
    }

    private static Map<String, String> labels(ImageDefaults d, String rest) throws EngineException {
        Map<String, String> labels = new LinkedHashMap<>(d.labels());
        labels.putAll(pairs("LABEL", rest));
        return labels;
    }

    private static List<String> command(String rest) throws EngineException {
        if (rest.startsWith("[")) {
            return jsonArray(rest);
        }
        if (rest.isEmpty()) {
            return List.of();
        }
        return List.of("/bin/sh", "-c", rest);
    }

    private static List<String> env(List<String> env, String rest) throws EngineException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            entries.put(eq < 0 ? entry : entry.substring(0, eq), entry);
        }
        int space = indexOfWhitespace(rest);
        boolean legacy = space > 0 && rest.substring(0, space).indexOf('=') < 0;
        if (legacy) {
            String key = rest.substring(0, space);
            entries.put(key, key + "=" + rest.substring(space).strip());
        } else {
            for (Map.Entry<String, String> pair : pairs("ENV", rest).entrySet()) {
                entries.put(pair.getKey(), pair.getKey() + "=" + pair.getValue());
            }
        }
        return new ArrayList<>(entries.values());
    }

    /** {@code k=v k2="v 2"}: words separated by blanks, a value may be double-quoted with backslash escapes. */
    private static Map<String, String> pairs(String keyword, String text) throws EngineException {
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq == i) {
                throw invalid(keyword + " names must be followed by '=': " + text);
            }
            String key = text.substring(i, eq);
            if (indexOfWhitespace(key) >= 0) {
                throw invalid(keyword + " names must be followed by '=': " + text);
            }
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            boolean quoted = false;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && i + 1 < text.length()) {
                    value.append(text.charAt(++i));
                } else if (!quoted && Character.isWhitespace(c)) {
                    break;
                } else {
                    value.append(c);
                }
                i++;
            }
            if (quoted) {
                throw invalid("unterminated quote in " + keyword + ": " + text);
            }
            pairs.put(key, value.toString());
        }
        if (pairs.isEmpty()) {
            throw invalid(keyword + " requires at least one argument");
        }
        return pairs;
    }

    /** A JSON array of strings (RFC 8259), the exec form. */
    static List<String> jsonArray(String text) throws EngineException {
        List<String> items = new ArrayList<>();
        int i = skip(text, 1);
        if (i < text.length() && text.charAt(i) == ']') {
            return end(text, i, items);
        }
        while (true) {
            if (i >= text.length() || text.charAt(i) != '"') {
                throw invalid("not a JSON array of strings: " + text);
            }
            StringBuilder item = new StringBuilder();
            i++;
            while (true) {
                if (i >= text.length()) {
                    throw invalid("not a JSON array of strings: " + text);
                }
                char c = text.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c != '\\') {
                    item.append(c);
                    continue;
                }
                if (i >= text.length()) {
                    throw invalid("not a JSON array of strings: " + text);
                }
                char e = text.charAt(i++);
                switch (e) {
                    case 'n' -> item.append('\n');
                    case 't' -> item.append('\t');
                    case 'r' -> item.append('\r');
                    case 'b' -> item.append('\b');
                    case 'f' -> item.append('\f');
                    case 'u' -> {
                        if (i + 4 > text.length()) {
                            throw invalid("not a JSON array of strings: " + text);
                        }
                        try {
                            item.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw invalid("not a JSON array of strings: " + text);
                        }
                        i += 4;
                    }
                    default -> item.append(e);
                }
            }
            items.add(item.toString());
            i = skip(text, i);
            if (i < text.length() && text.charAt(i) == ',') {
                i = skip(text, i + 1);
                continue;
            }
            if (i < text.length() && text.charAt(i) == ']') {
                return end(text, i, items);
            }
            throw invalid("not a JSON array of strings: " + text);
        }
    }

    private static List<String> end(String text, int close, List<String> items) throws EngineException {
        if (skip(text, close + 1) != text.length()) {
            throw invalid("not a JSON array of strings: " + text);
        }
        return items;
    }

    private static int skip(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static EngineException invalid(String message) {
        return new EngineException(ErrorKind.INVALID_ARGUMENT, message);
    }
}
