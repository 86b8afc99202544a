/**
 * The unix-socket listener under Shoal's two HTTP servers, the Engine API's (engine-api) and the remote plugin's
 * (remote-plugin): each brings its own protocol handlers.
 */
package io.shoal.unixhttp;
