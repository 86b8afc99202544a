package io.shoal.driver.support;

import io.shoal.netlink.KernelException;

/** A step of kernel work that may fail with a {@link KernelException}. */
@FunctionalInterface
public interface KernelAction {
    void run() throws KernelException;
}
