/**
 * The engine's event stream ({@code docker events}): what the controllers did, as Docker reports it, kept in a short
 * ring for {@code since} and delivered to live subscribers. JDK only.
 */
package io.shoal.engine.events;
