package io.shoal.dns.records;

import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/** What the records say about one question from one container. */
public sealed interface LookupResult
        permits LookupResult.Addresses,
                LookupResult.Pointers,
                LookupResult.NoData,
                LookupResult.NameError,
                LookupResult.NotFound {

    /** The name is ours and has these addresses of the asked type, already in this answer's round-robin order. */
    record Addresses(List<InetAddress> addresses) implements LookupResult {
        /** Copies the list. */
        public Addresses {
            addresses = List.copyOf(addresses);
        }
    }

    /** The address is one of ours; these are the names it points back to (PTR). */
    record Pointers(List<Name> names) implements LookupResult {
        /** Copies the list. */
        public Pointers {
            names = List.copyOf(names);
        }
    }

    /**
     * The name is ours but has no record of the asked type: the answer is NOERROR with an empty answer section
     * (RFC 2308 section 2.2, "NODATA"), never NXDOMAIN, which would deny the name's other types too.
     */
    record NoData() implements LookupResult {}

    /**
     * The name lies in a reverse zone only the engine can know (the subnets of a {@link
     * ReverseLookups#LOCAL_AUTHORITATIVE} network) and does not exist for the requester: the answer is NXDOMAIN,
     * authoritative, and the question never goes upstream.
     */
    record NameError() implements LookupResult {}

    /** The name is not one the requester can see here: the question goes upstream. */
    record NotFound() implements LookupResult {}
}
