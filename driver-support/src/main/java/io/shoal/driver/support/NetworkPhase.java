package io.shoal.driver.support;

/**
 * Where a network is in its life, as its record in the store says. The record is written in the phase before the
 * kernel work of that phase starts, so after a crash the phase says what might exist: {@code CREATING} (some of it
 * may have been made: remove it), {@code READY} (all of it should exist: make what is missing), {@code DELETING}
 * (some of it may be left: remove it). Stored by name.
 */
public enum NetworkPhase {
    CREATING,
    READY,
    DELETING
}
