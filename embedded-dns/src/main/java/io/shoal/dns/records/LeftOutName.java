package io.shoal.dns.records;

/**
 * A name the registry did not publish, and why: it cannot be a DNS name ({@link DnsNames#check}), or its
 * network-qualified form would be longer than a DNS name may be. Every other name of the same update is published.
 *
 * @param field what the name is: {@code "network name"}, {@code "container name"}, {@code "short id"},
 *     {@code "hostname"}, {@code "alias"} or {@code "qualified name"}
 * @param text the name as the engine gave it (or, for a qualified name, {@code name.network})
 * @param reason why it is left out, as a phrase that follows the name ("has a label of 64 octets; ...")
 */
public record LeftOutName(String field, String text, String reason) {
    @Override
    public String toString() {
        return field + " '" + text + "' is left out of DNS: it " + reason;
    }
}
