package io.shoal.netlink.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the role of an injected {@link io.shoal.netlink.NetworkNamespace} within one test, so {@code @BeforeEach},
 * the test method and {@code @AfterEach} can share it: parameters with the same role get the same namespace. A
 * parameter without this annotation gets a namespace of its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Netns {
    /** The role, e.g. {@code "host"} or {@code "container"}. */
    String value();
}
