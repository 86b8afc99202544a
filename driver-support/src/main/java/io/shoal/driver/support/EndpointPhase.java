package io.shoal.driver.support;

/**
 * Where an endpoint is in its life, as its record in the store says. {@code JOINING} is written before a join's kernel
 * work, naming what the join will make (the host-side link's name, the sandbox, the interface), and {@code LEAVING}
 * before a leave's; so after a crash, or after a failed attempt, the next start or the next attempt of the operation
 * knows what to remove. An endpoint found {@code JOINING} or {@code LEAVING} is cleaned and becomes {@code IDLE}.
 */
public enum EndpointPhase {
    /** Created, not plugged into a sandbox. */
    IDLE,
    /** A join is (or was, before a crash) under way. */
    JOINING,
    /** Plugged into its sandbox. */
    JOINED,
    /** A leave is (or was, before a crash) under way. */
    LEAVING
}
