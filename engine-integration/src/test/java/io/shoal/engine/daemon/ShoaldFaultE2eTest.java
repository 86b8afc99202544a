package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.sqlite.HaltingCrashPoint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault injection with the real shoald: started with {@code -Dshoal.test.crashAt=POINT} (read only by the test class
 * path's {@link HaltingCrashPoint}), it halts as if killed by SIGKILL at that step of an operation (a commit of the
 * engine store, which precedes the kernel work of each step); then it is started again without the switch, store,
 * kernel and containerd must agree ({@link EngineConsistency}), and the operation, repeated, succeeds.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShoaldFaultE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @BeforeAll
    static void base() throws Exception {
        shoald.ok("network", "create", "base");
        shoald.ok("run", "-d", "--name", "c1", "--network", "base", ShoaldUnderTest.IMAGE, "sleep", "100000");
        shoald.ok("run", "-d", "--name", "c2", "--network", "base", ShoaldUnderTest.IMAGE, "sleep", "100000");
    }

    /** Restarts shoald armed with {@code point}, runs {@code operation} (which dies with it), restarts it plain. */
    private static void crashDuring(String point, String... operation) throws Exception {
        shoald.kill9();
        shoald.restart("-Dshoal.test.crashAt=" + point);
        ShoaldUnderTest.Result result = shoald.docker(operation);
        assertThat(shoald.process().waitFor(60, TimeUnit.SECONDS))
                .as("shoald halts at %s during docker %s (%s)", point, String.join(" ", operation), result)
                .isTrue();
        assertThat(shoald.process().exitValue()).isEqualTo(HaltingCrashPoint.STATUS);
        String reached = point.contains("#") ? point.substring(0, point.indexOf('#')) : point;
        assertThat(shoald.logText()).contains("crash point reached: " + reached);
        shoald.restart();
        assertThat(EngineConsistency.problems(shoald))
                .as("after a crash at " + point)
                .isEmpty();
    }

    @Test
    @Order(1)
    void networkCreate() throws Exception {
        crashDuring("after network:CREATING", "network", "create", "f1");
        shoald.ok("network", "create", "f1");
        crashDuring("after network:CREATING#2", "network", "create", "--subnet", "10.94.0.0/24", "f2");
        shoald.ok("network", "create", "--subnet", "10.94.0.0/24", "f2");
        crashDuring("before network:READY", "network", "create", "f3");
        shoald.ok("network", "create", "f3");
        assertThat(shoald.ok("network", "ls", "--format", "{{.Name}}").lines()).contains("f1", "f2", "f3");
    }

    @Test
    @Order(2)
    void networkRemove() throws Exception {
        crashDuring("after network:DELETING", "network", "rm", "f1");
        shoald.docker("network", "rm", "f1"); // finished by the restart (404) or done now
        crashDuring("before network:delete", "network", "rm", "f3");
        shoald.docker("network", "rm", "f3");
        assertThat(shoald.ok("network", "ls", "--format", "{{.Name}}").lines()).doesNotContain("f1", "f3");
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    @Test
    @Order(3)
    void connectAndDisconnect() throws Exception {
        crashDuring("after endpoint:CREATING", "network", "connect", "f2", "c1");
        shoald.ok("network", "connect", "f2", "c1");
        crashDuring("before endpoint:JOINED", "network", "connect", "f2", "c2");
        shoald.ok("network", "connect", "f2", "c2");
        assertThat(shoald.ok("exec", "c1", "nslookup", "c2")).contains("10.94.0.");
        crashDuring("after endpoint:DELETING", "network", "disconnect", "f2", "c2");
        shoald.docker("network", "disconnect", "f2", "c2");
        shoald.ok("network", "connect", "f2", "c2");
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    @Test
    @Order(4)
    void containerRunAndRemove() throws Exception {
        List<String> run = List.of("run", "-d", "--network", "f2", ShoaldUnderTest.IMAGE, "sleep", "100000");
        crashDuring("after container:STARTING", concat("r1", run));
        shoald.ok("start", "r1");
        crashDuring("before container:RUNNING", concat("r2", run));
        shoald.ok("start", "r2");
        assertThat(shoald.ok("exec", "r1", "nslookup", "r2")).contains("10.94.0.");
        crashDuring("after container:REMOVING", "rm", "-f", "r1");
        shoald.docker("rm", "-f", "r1");
        assertThat(shoald.docker("inspect", "r1").exit()).isNotZero();
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    @Test
    @Order(5)
    void imageImport() throws Exception {
        String tar = shoald.dir().resolve("busybox.tar").toString();
        crashDuring("after image:put", "import", tar, "bb2");
        shoald.ok("import", tar, "bb2");
        assertThat(shoald.ok("run", "--rm", "bb2", "echo", "imported")).isEqualTo("imported");
    }

    private static String[] concat(String name, List<String> run) {
        String[] args = new String[run.size() + 1];
        args[0] = run.get(0);
        args[1] = "--name=" + name;
        for (int i = 1; i < run.size(); i++) {
            args[i + 1] = run.get(i);
        }
        return args;
    }
}
