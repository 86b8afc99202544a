/**
 * The Docker Engine API adapter: an HTTP/1.1 server on a unix socket that parses requests, calls the engine core and
 * renders Docker's JSON. See docs/engine.md, "The Engine API adapter".
 */
package io.shoal.engine.api;
