package io.shoal.netlink.testing;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The last leak check of a test run: when the JUnit launcher session of a test JVM closes, no test namespace made by
 * this JVM or by a dead test JVM may remain, nor a stray test link. Registered through {@code
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener} in netlink's test jar, so it runs in every
 * module whose tests use these fixtures.
 *
 * <p>What it finds fails the run; the namespaces made by this JVM or by dead test JVMs are then deleted so the next run
 * starts clean (hand-named ones are left alone: they may be someone's live work).
 */
public final class SuiteLeakCheck implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        List<String> leftovers = NamespaceLeaks.fromHere();
        if (leftovers.isEmpty()) {
            return;
        }
        AssertionError failure = new AssertionError(
                "tests left kernel objects behind at the end of the run: " + String.join(", ", leftovers));
        removeLeftoverNamespaces(failure);
        throw failure;
    }

    private static void removeLeftoverNamespaces(AssertionError failure) {
        try {
            for (String name : NetworkNamespace.names()) {
                if (TestNamespaces.isDeletableLeftover(name)) {
                    NetworkNamespace.deleteIfExists(name);
                }
            }
        } catch (KernelException e) {
            failure.addSuppressed(e);
        }
    }
}
