package io.shoal.driver.vlan;

import io.shoal.driver.support.InterfaceNames;
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
    static final int MAX_NAME = InterfaceNames.MAX_BYTES;

    private static final Pattern TAGGED = Pattern.compile("(.+)\\.([0-9]{1,5})");

    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.@-]+");

    /**
     * Parses the {@code parent} option.
     *
     * @throws DriverException INVALID_ARGUMENT for a name the kernel would refuse (for the parent, and for the link
     *     under a sub-interface) or a VLAN id outside 1..4094
     */
    public static ParentLink parse(String text) {
        InterfaceNames.requireValid(MacvlanOptions.PARENT, text);
        if (!INTERFACE_NAME.matcher(text).matches()) {
            throw DriverException.invalid("option parent=" + text + " is not an interface name Shoal takes: use"
                    + " letters, digits, '_', '.', '@' or '-'");
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
        String link = tagged.group(1);
        InterfaceNames.kernelProblem(link).ifPresent(problem -> {
            throw DriverException.invalid(
                    "option parent=" + text + " puts VLAN " + id + " on link '" + link + "', which " + problem);
        });
        return new ParentLink(text, link, OptionalInt.of(id));
    }

    public boolean tagged() {
        return vlanId.isPresent();
    }

    /** The VLAN id when tagged. */
    public Optional<Integer> vlan() {
        return tagged() ? Optional.of(vlanId.getAsInt()) : Optional.empty();
    }
}
