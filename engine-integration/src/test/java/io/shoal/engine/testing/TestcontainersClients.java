package io.shoal.engine.testing;

import java.lang.reflect.Field;
import org.testcontainers.DockerClientFactory;

/**
 * Testcontainers keeps one DockerClientFactory per JVM (a private static {@code instance}), and with it the daemon
 * address (DOCKER_HOST) it first read. Two test classes in one surefire JVM that each point Testcontainers at a daemon of
 * their own (shoald's socket, a private dockerd's) must forget the first: otherwise the second talks to a socket that is
 * gone ("localhost:2375 failed to respond", docker-java's placeholder host for a unix socket). Testcontainers 2.0 has no
 * public way to do this, hence reflection; a rename of the field fails the class loudly.
 */
public final class TestcontainersClients {
    private TestcontainersClients() {}

    /** Drops Testcontainers' factory, so the next use reads DOCKER_HOST afresh. */
    public static void forgetDaemon() throws ReflectiveOperationException {
        // Between test classes, so no thread is inside DockerClientFactory.instance() meanwhile.
        Field instance = DockerClientFactory.class.getDeclaredField("instance");
        instance.setAccessible(true);
        instance.set(null, null);
    }
}
