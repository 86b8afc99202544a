package io.shoal.engine.network;

/**
 * Where an endpoint is in its life, as its {@link EndpointRecord} says: {@code CREATING} is written before addresses
 * are allocated and the driver is called, {@code JOINED} once the sandbox is plugged in and its names are published,
 * {@code DELETING} before a detach starts undoing it. After a crash, endpoints found CREATING or DELETING are
 * removed. Stored by name.
 */
public enum EndpointPhase {
    CREATING,
    JOINED,
    DELETING
}
