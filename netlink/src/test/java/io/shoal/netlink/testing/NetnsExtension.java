package io.shoal.netlink.testing;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests fresh network namespaces and takes them away again.
 *
 * <p>Each {@link NetworkNamespace} parameter of a test, lifecycle method or constructor gets a new named namespace
 * {@code shoaltest-PID-RANDOM} with {@code lo} up ({@link TestNamespaces#create}); parameters sharing a {@link Netns}
 * role within one test get the same one. When the scope that asked for it ends (the test, or the class for
 * {@code @BeforeAll} parameters) the namespace is closed and deleted, whether the test passed or not; a failure to
 * delete fails the test.
 *
 * <p>After the class, every namespace, mount and stray link this JVM's tests made must be gone ({@link
 * NamespaceLeaks#assertNoneFromThisJvm}), or the class fails. Test classes using this extension must not run in
 * parallel with each other within one JVM.
 *
 * <p>Usage: {@code @ExtendWith(NetnsExtension.class) @Tag("netns")} on the class, then {@code void test(NetworkNamespace
 * a, NetworkNamespace b)}.
 */
public final class NetnsExtension implements ParameterResolver, BeforeAllCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetnsExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Registered first in the class's store, so closed last: after the namespaces of @BeforeAll parameters.
        context.getStore(STORE).put(ClassLeakCheck.class, new ClassLeakCheck(context.getDisplayName()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NetworkNamespace.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String key = parameter
                .findAnnotation(Netns.class)
                .map(role -> "role " + role.value())
                .orElseGet(() -> "parameter " + parameter.getIndex() + " of " + parameter.getDeclaringExecutable());
        return context.getStore(STORE)
                .getOrComputeIfAbsent(key, k -> TestNamespace.create(k), TestNamespace.class)
                .namespace();
    }

    /** A namespace owned by one scope of the test run; JUnit closes it when that scope ends. */
    private record TestNamespace(NetworkNamespace namespace) implements AutoCloseable {
        static TestNamespace create(String key) {
            try {
                return new TestNamespace(TestNamespaces.create());
            } catch (KernelException e) {
                throw new ParameterResolutionException("cannot create a test network namespace for " + key, e);
            }
        }

        @Override
        public void close() throws KernelException {
            TestNamespaces.destroy(namespace, null);
        }
    }

    private record ClassLeakCheck(String className) implements AutoCloseable {
        @Override
        public void close() {
            NamespaceLeaks.assertNoneFromThisJvm("after " + className);
        }
    }
}
