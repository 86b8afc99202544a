package io.shoal.engine.container;

import java.util.List;
import java.util.Objects;

/** The answer to a create: the new container's 64-hex id and warnings for the user ({@code Warnings}, never null). */
public record CreatedContainer(String id, List<String> warnings) {
    public CreatedContainer {
        Objects.requireNonNull(id, "id");
        warnings = List.copyOf(warnings);
    }
}
