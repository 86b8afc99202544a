package io.shoal.dns.records;

import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/** Turns the engine's names (container names, aliases, network names) into DNS names. */
public final class DnsNames {
    private DnsNames() {}

    /**
     * The absolute DNS name for {@code text}, which may or may not end with a dot. Comparison of the result is
     * case-insensitive ({@link Name#equals}), as RFC 4343 asks.
     *
     * @param what what the name is, for the error message ("alias", "container name")
     * @throws IllegalArgumentException the text is empty, holds white space or control characters, or breaks the
     *     length limits of RFC 1035 section 2.3.4 (63 octets a label, 255 a name)
     */
    public static Name absolute(String what, String text) {
        if (text.isEmpty() || text.equals(".") || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a usable DNS name");
        }
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a usable DNS name: " + e.getMessage(), e);
        }
    }

    /**
     * {@code name} qualified by {@code network}: {@code web.} and {@code frontend} give {@code web.frontend.}; empty
     * when the result would be longer than a DNS name may be, since no query can then ask for it.
     */
    static Optional<Name> qualified(Name name, Name network) {
        try {
            return Optional.of(Name.concatenate(name.relativize(Name.root), network));
        } catch (NameTooLongException e) {
            return Optional.empty();
        }
    }
}
