/** The port to the embedded DNS: per-network records and per-container resolvers. */
package io.shoal.engine.dns;
