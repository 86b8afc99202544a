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
     * Waits for every teardown started so far. Changes nothing itself; may be called from any thread, any number of
     * times.
     *
     * @param timeout how long to wait at most
     * @throws DriverException UNAVAILABLE on timeout (the teardown goes on); INTERNAL naming what could not be removed
     */
    void awaitTeardown(Duration timeout);
}
