/**
 * Benchmarks, not tests: JMH benchmarks and scripted measurements whose figures docs/performance.md reports. Join
 * and leave costs of the drivers ({@link io.shoal.bench.JoinCosts}), and the netlink layer's endpoint plumbing.
 */
package io.shoal.bench;
