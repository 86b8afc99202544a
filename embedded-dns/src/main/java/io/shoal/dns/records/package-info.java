/**
 * The names the embedded resolver answers for, kept apart from serving them.
 *
 * <p>A {@link io.shoal.dns.records.RecordRegistry} holds one immutable {@link io.shoal.dns.records.NetworkRecords}
 * snapshot per network and swaps it atomically when an endpoint joins or leaves or an alias is added; the server only
 * reads snapshots through {@link io.shoal.dns.records.RecordRegistry#lookup}.
 */
package io.shoal.dns.records;
