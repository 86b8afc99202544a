/** The embedded resolver under load: a server for bench/dns/dnsperf.sh. */
package io.shoal.bench.dns;
