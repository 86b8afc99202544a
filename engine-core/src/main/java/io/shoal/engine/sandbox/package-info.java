/** Sandboxes: one container's network stack (namespace, generated files, default routes) and the host port for them. */
package io.shoal.engine.sandbox;
