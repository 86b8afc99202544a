package io.shoal.spi;

import java.time.Duration;

/**
 * Optional capability of a {@link NetworkDriver} that finishes slow kernel teardown (deleting links and firewall
 * rules, which wait for RCU grace periods) after {@link NetworkDriver#deleteNetwork} has returned. When that call
 * returns, the network is out of service and its names and subnets are free; its kernel objects are gone once
 * {@link #awaitTeardown} returns. The engine calls it before it exits; tests call it before they look.
 */
public interface DeferredTeardown {
    /**
     * Waits for every teardown started so far.
     *
     * @throws DriverException UNAVAILABLE on timeout; INTERNAL naming what could not be removed
     */
    void awaitTeardown(Duration timeout);
}
