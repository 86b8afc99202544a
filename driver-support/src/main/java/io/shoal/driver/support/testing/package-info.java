/**
 * Stand-ins for the engine in tests and benchmarks. The main jar holds {@link
 * io.shoal.driver.support.testing.MapDriverStore}, an in-memory store; the test jar adds the contract every driver's
 * kernel test runs and the traffic helpers. Never used by driver code.
 */
package io.shoal.driver.support.testing;
