package io.shoal.driver.vlan;

import io.shoal.spi.DriverException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code parent} option: a link used untagged ({@code eth0}) or an 802.1Q sub-interface named {@code LINK.VID}
 * ({@code eth0.20}) that the driver makes on LINK when it does not exist yet.
 *
 * @param name the parent's interface name as given
 * @param link the link the sub-interface sits on; equal to {@code name} when untagged
 * @param vlanId the VLAN id, when tagged
 */
public record ParentLink(String name, String link, OptionalInt vlanId) {
    /** Linux's IFNAMSIZ is 16 with the terminating NUL (netdevice(7)). */
    static final int MAX_NAME = 15;

    private static final Pattern TAGGED = Pattern.compile("(.+)\\.([0-9]{1,5})");

    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.@-]+");

    /**
     * Parses the {@code parent} option.
     *
     * @throws DriverException INVALID_ARGUMENT for a name the kernel would refuse or a VLAN id outside 1..4094
     */
    public static ParentLink parse(String text) {
        if (text.isEmpty() || !INTERFACE_NAME.matcher(text).matches()) {
            throw DriverException.invalid("option parent=" + text + " is not an interface name");
        }
        if (text.length() > MAX_NAME) {
            throw DriverException.invalid("option parent=" + text + " is " + text.length()
                    + " characters long; Linux interface names have at most " + MAX_NAME);
        }
        Matcher tagged = TAGGED.matcher(text);
        if (!tagged.matches()) {
            return new ParentLink(text, text, OptionalInt.empty());
        }
        int id = Integer.parseInt(tagged.group(2));
        // 0 means "priority tag only" and 4095 is reserved (IEEE 802.1Q-2018 §9.6, Table 9-2).
        if (id < 1 || id > 4094) {
            throw DriverException.invalid(
                    "option parent=" + text + " names VLAN " + id + "; a VLAN id lies in 1..4094");
        }
        return new ParentLink(text, tagged.group(1), OptionalInt.of(id));
    }

    public boolean tagged() {
        return vlanId.isPresent();
    }

    /** The VLAN id when tagged. */
    public Optional<Integer> vlan() {
        return tagged() ? Optional.of(vlanId.getAsInt()) : Optional.empty();
    }
}
