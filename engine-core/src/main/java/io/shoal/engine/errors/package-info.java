/** The engine's error kinds, shared by the core and every adapter that translates them to a protocol. */
package io.shoal.engine.errors;
