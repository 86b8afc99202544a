/** Decoded list and prune filters, shared by every backend. */
package io.shoal.engine.filter;
