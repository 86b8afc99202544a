package io.shoal.dns.records;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The DNS names one endpoint publishes on one network, worked out from its {@link EndpointRecord} alone, so a join and
 * the later leave of the same record touch exactly the same names.
 *
 * @param names every usable name, bare and network-qualified, without duplicates, in the record's order
 * @param pointerTarget what the endpoint's addresses point back to (PTR): the container name, or the short id when the
 *     container name cannot be a DNS name; empty when neither can
 * @param leftOut the endpoint's names that cannot be DNS names
 */
record EndpointNames(List<Name> names, Optional<Name> pointerTarget, List<LeftOutName> leftOut) {
    static EndpointNames of(EndpointRecord endpoint, Optional<Name> network, String networkText) {
        Set<Name> names = new LinkedHashSet<>();
        List<LeftOutName> leftOut = new ArrayList<>();
        Optional<Name> containerName =
                add("container name", endpoint.containerName(), network, networkText, names, leftOut);
        if (endpoint.fullIdIsAName()) {
            // A full id that fits one label is a convenience; ids that do not (Docker's 64 digits) are not reported.
            add("id", endpoint.containerId(), network, networkText, names, leftOut);
        }
        Optional<Name> shortId = add("short id", endpoint.shortId(), network, networkText, names, leftOut);
        endpoint.hostname().ifPresent(hostname -> add("hostname", hostname, network, networkText, names, leftOut));
        endpoint.aliases().forEach(alias -> add("alias", alias, network, networkText, names, leftOut));
        return new EndpointNames(List.copyOf(names), containerName.or(() -> shortId), List.copyOf(leftOut));
    }

    private static Optional<Name> add(
            String field,
            String text,
            Optional<Name> network,
            String networkText,
            Set<Name> names,
            List<LeftOutName> leftOut) {
        DnsNames.Checked checked = DnsNames.check(text);
        if (checked instanceof DnsNames.Invalid invalid) {
            leftOut.add(new LeftOutName(field, text, invalid.reason()));
            return Optional.empty();
        }
        Name name = ((DnsNames.Valid) checked).name();
        names.add(name);
        if (network.isPresent()) {
            Optional<Name> qualified = DnsNames.qualified(name, network.get());
            if (qualified.isPresent()) {
                names.add(qualified.get());
            } else {
                leftOut.add(new LeftOutName(
                        "qualified name",
                        name.relativize(Name.root) + "." + networkText,
                        "would take more than " + DnsNames.MAX_NAME_OCTETS
                                + " octets as a DNS name (RFC 1035 section 2.3.4)"));
            }
        }
        return Optional.of(name);
    }
}
