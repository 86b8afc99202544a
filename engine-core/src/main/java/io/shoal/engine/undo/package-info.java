/**
 * Undo lists for multi-step changes: each step that succeeded registers how to reverse it, and a failure runs them
 * newest first, adding their own failures to the original one as suppressed exceptions. JDK only.
 */
package io.shoal.engine.undo;
