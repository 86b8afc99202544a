/**
 * The embedded resolver's serving side: Netty listeners (UDP and TCP, epoll) that answer from a
 * {@link io.shoal.dns.records.RecordRegistry} and forward everything else upstream.
 *
 * <p>{@link io.shoal.dns.server.DnsServer} owns the one event loop group all listeners share; each container gets a
 * {@link io.shoal.dns.server.DnsListener} whose sockets were opened in its network namespace through a
 * {@link io.shoal.dns.server.SocketPlacement}.
 */
package io.shoal.dns.server;
