package io.shoal.engine.network;

/**
 * Where a network is in its life, as its {@link NetworkRecord} says. The record is written in a phase before the work
 * of that phase starts, so after a crash the phase says what may exist: {@code CREATING} (pools and the driver's
 * network may be half made: undo them), {@code READY} (in service), {@code DELETING} (the removal was under way:
 * finish it). Stored by name.
 */
public enum NetworkPhase {
    CREATING,
    READY,
    DELETING
}
