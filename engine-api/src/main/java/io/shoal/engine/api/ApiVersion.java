package io.shoal.engine.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * An Engine API version such as {@code 1.47}, as it appears in a path prefix ({@code /v1.47/…}). Compared part by
 * part as numbers, like moby's {@code api/types/versions.compare}: {@code 1.9 < 1.24}, missing parts count as 0.
 */
public final class ApiVersion implements Comparable<ApiVersion> {
    /** The newest version Shoal serves, advertised in {@code Api-Version}; docker CLI 28.2.2 negotiates down to it. */
    public static final ApiVersion MAX = parse("1.47");

    /**
     * The oldest version Shoal accepts: 1.24 (Docker 1.12), moby's own minimum since 25.0; a client below it is
     * refused with 400.
     */
    public static final ApiVersion MIN = parse("1.24");

    private final String text;
    private final int[] parts;

    private ApiVersion(String text, int[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses {@code text} (digits and dots, as the router's {@code [0-9.]+} admits); an empty part or a part too big
     * for an int counts as 0, as in moby.
     */
    public static ApiVersion parse(String text) {
        String[] fields = text.split("\\.", -1);
        int[] parts = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            parts[i] = number(fields[i]);
        }
        return new ApiVersion(text, parts);
    }

    private static int number(String field) {
        try {
            return field.isEmpty() ? 0 : Integer.parseInt(field);
        } catch (NumberFormatException e) {
            return 0; // moby's versions.compare ignores what it cannot read
        }
    }

    @Override
    public int compareTo(ApiVersion other) {
        int length = Math.max(parts.length, other.parts.length);
        for (int i = 0; i < length; i++) {
            int compared = Integer.compare(part(i), other.part(i));
            if (compared != 0) {
                return compared;
            }
        }
        return 0;
    }

    private int part(int index) {
        return index < parts.length ? parts[index] : 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        int length = parts.length;
        while (length > 0 && parts[length - 1] == 0) {
            length--;
        }
        return Arrays.hashCode(Arrays.copyOf(parts, length));
    }

    /** The text as the client wrote it. */
    @Override
    public String toString() {
        return Objects.requireNonNull(text);
    }
}
