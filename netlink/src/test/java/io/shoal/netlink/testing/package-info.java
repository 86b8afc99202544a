/**
 * Test fixtures every module's kernel tests share through netlink's test jar: {@link
 * io.shoal.netlink.testing.NetnsExtension} gives each test network namespaces of its own ({@code shoaltest-PID-*})
 * and removes them even when the test fails, {@link io.shoal.netlink.testing.KernelFeatures} probes what the kernel
 * lacks so a test aborts with the reason, and a suite-wide check reports namespaces left behind.
 */
package io.shoal.netlink.testing;
