/** The name service's adapter: network records and per-container resolvers over the embedded DNS. */
package io.shoal.engine.resolver;
