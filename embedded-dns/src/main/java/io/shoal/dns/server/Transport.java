package io.shoal.dns.server;

/** How a query reached the resolver, which decides how big the answer may be. */
enum Transport {
    UDP,
    TCP
}
