package io.shoal.dns.records;

import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * Turns the engine's names (container names, short ids, hostnames, aliases, network names) into DNS names, or says why
 * one cannot be one. Never throws for any text.
 *
 * <p>The rule: a name is one or more labels separated by dots, with at most one trailing dot (the absolute form, which
 * means the same). Each label holds 1 to 63 octets (RFC 1035 section 2.3.4) of ASCII letters, digits, {@code -} and
 * {@code _}; the whole name takes at most 255 octets on the wire (one length octet per label, plus the root's). These
 * are Docker's name characters ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]}), with the dot as the label separator. DNS itself
 * allows any octet in a label (RFC 2181 section 11), but a space, a slash or a non-ASCII letter cannot be typed into a
 * stub resolver's query, and a backslash would be read as an escape; so a name holding anything else is left out.
 */
public final class DnsNames {
    /** RFC 1035 section 2.3.4. */
    static final int MAX_LABEL_OCTETS = 63;
    /** RFC 1035 section 2.3.4, on the wire: each label's length octet and octets, then the root's zero octet. */
    static final int MAX_NAME_OCTETS = 255;

    private DnsNames() {}

    /** What checking one name gave: the DNS name, or the reason it cannot be one. */
    public sealed interface Checked permits Valid, Invalid {}

    /** The text is a usable DNS name; {@code name} is absolute. */
    public record Valid(Name name) implements Checked {}

    /** The text cannot be a DNS name, because of {@code reason} ("label 'x...' is 64 octets long; ..."). */
    public record Invalid(String reason) implements Checked {}

    /**
     * Checks {@code text} against the rule above. Names compare case-insensitively ({@link Name#equals}), as RFC 4343
     * asks, so {@code Web} and {@code web.} give the same name.
     *
     * @param text any text, including empty or null-free garbage
     * @return {@link Valid} with the absolute name, or {@link Invalid} with the first reason found
     */
    public static Checked check(String text) {
        String relative = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (relative.isEmpty()) {
            return new Invalid(text.isEmpty() ? "is empty" : "is only the root, not a name");
        }
        int wireOctets = 1;
        int labelStart = 0;
        for (int i = 0; i <= relative.length(); i++) {
            if (i < relative.length() && relative.charAt(i) != '.') {
                char c = relative.charAt(i);
                if (!isNameCharacter(c)) {
                    return new Invalid("holds " + describe(c)
                            + "; a name holds ASCII letters, digits, '-' and '_', with dots between labels");
                }
                continue;
            }
            int length = i - labelStart;
            if (length == 0) {
                return new Invalid("has an empty label (a leading dot or two dots in a row)");
            }
            if (length > MAX_LABEL_OCTETS) {
                return new Invalid("has a label of " + length + " octets; a DNS label holds at most " + MAX_LABEL_OCTETS
                        + " (RFC 1035 section 2.3.4)");
            }
            wireOctets += length + 1;
            labelStart = i + 1;
        }
        if (wireOctets > MAX_NAME_OCTETS) {
            return new Invalid("takes " + wireOctets + " octets as a DNS name; at most " + MAX_NAME_OCTETS
                    + " (RFC 1035 section 2.3.4)");
        }
        try {
            return new Valid(Name.fromString(relative, Name.root));
        } catch (TextParseException e) {
            // Unreachable for text that passed the checks above (no escapes, labels and length in bounds).
            return new Invalid("is not a DNS name: " + e.getMessage());
        }
    }

    /** The DNS name of {@code text}, when it has one. */
    static Optional<Name> toName(String text) {
        return check(text) instanceof Valid valid ? Optional.of(valid.name()) : Optional.empty();
    }

    /**
     * {@code name} qualified by {@code network}: {@code web.} and {@code frontend.} give {@code web.frontend.}; empty
     * when the result would be longer than a DNS name may be, since no query can then ask for it.
     */
    static Optional<Name> qualified(Name name, Name network) {
        try {
            return Optional.of(Name.concatenate(name.relativize(Name.root), network));
        } catch (NameTooLongException e) {
            return Optional.empty();
        }
    }

    private static boolean isNameCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        return c > ' ' && c < 0x7f ? "'" + c + "' (" + code + ")" : code;
    }
}
