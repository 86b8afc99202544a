package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.get;
import static io.shoal.engine.container.TestSupport.host;
import static io.shoal.engine.container.TestSupport.spec;
import static io.shoal.engine.container.TestSupport.tarball;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.container.ContainerRecord.Phase;
import io.shoal.engine.container.TestSupport.RecordingSink;
import io.shoal.engine.dns.FakeNameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.image.FakeRootfsUnpacker;
import io.shoal.engine.image.ImageController;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.engine.network.FakeNetworkAttachments;
import io.shoal.engine.network.NetworkView;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.FakeContainerRuntime;
import io.shoal.engine.runtime.oci.OciSpec;
import io.shoal.engine.sandbox.FakeSandboxHost;
import io.shoal.engine.store.FakeEngineStore;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class ContainerControllerTest {
    private static final String HOST_RESOLV_CONF =
            "nameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch example.org\noptions edns0\n";

    @TempDir
    Path root;

    private final FakeEngineStore store = new FakeEngineStore();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final FakeNetworkAttachments networks = new FakeNetworkAttachments();
    private final FakeSandboxHost sandboxes = new FakeSandboxHost();
    private final FakeNameService dns = new FakeNameService();
    private final Clock clock = new TestSupport.TickingClock();
    private final AtomicReference<ContainerController> current = new AtomicReference<>();
    private ImageController images;
    private ContainerController controller;
    private NetworkView bridge;

    @BeforeEach
    void setUp() throws Exception {
        bridge = networks.add("bridge", "bridge", true, false, "172.17.0.0/16", null);
        networks.add("host", "host", true, false, null, null);
        networks.add("none", "null", true, false, null, null);
        sandboxes.hostResolvConf(HOST_RESOLV_CONF);
        images = new ImageController(
                store, new FakeRootfsUnpacker(), root, id -> current.get().containerUsing(id), clock);
        images.restore();
        images.importRootfs(
                tarball("busybox"),
                Optional.of("busybox"),
                "",
                List.of("CMD [\"sh\"]", "ENV PATH=/bin", "WORKDIR /home"));
        controller = newController();
        controller.restore();
    }

    @AfterEach
    void tearDown() {
        controller.close();
    }

    private ContainerController newController() {
        ContainerController created = new ContainerController(
                store, runtime, networks, sandboxes, dns, images, root, clock, Duration.ofHours(1));
        current.set(created);
        return created;
    }

    private String create(String name, ContainerSpec spec) throws EngineException {
        return controller.create(Optional.of(name), spec).id();
    }

    private String run(String name, ContainerSpec spec) throws EngineException {
        String id = create(name, spec);
        controller.start(id);
        return id;
    }

    /** Makes the task exit and waits until the controller has handled it. */
    private int exit(String id, int code) throws Exception {
        CompletionStage<WaitResult> next = controller.await(id, WaitCondition.NEXT_EXIT);
        runtime.exit(id, code, true);
        return get(next).statusCode();
    }

    private void assertNothingLeftBehind() {
        assertThat(sandboxes.namespaces()).isEmpty();
        assertThat(sandboxes.held()).isEmpty();
        assertThat(networks.attached()).isEmpty();
        assertThat(dns.resolvers()).isEmpty();
        assertThat(runtime.containers()).isEmpty();
        assertThat(runtime.taskIds()).isEmpty();
    }

    private ContainerRecord stored(String id) {
        return store.load(ContainerController.CONTAINERS).get(id);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Test
    void aContainerRunsToItsExitAndItsWaitersComplete() throws Exception {
        String id = create("web", spec(List.of("echo", "hi")));
        CompletionStage<WaitResult> nextExit = controller.await(id, WaitCondition.NEXT_EXIT);
        CompletionStage<WaitResult> notRunning = controller.await("web", WaitCondition.NOT_RUNNING);
        assertThat(get(notRunning).statusCode()).isZero();

        controller.start("web");
        ContainerView running = controller.inspect(id);
        assertThat(running.state().status()).isEqualTo(ContainerState.Status.RUNNING);
        assertThat(running.state().pid()).isPositive();
        assertThat(running.sandboxKey()).contains(FakeSandboxHost.path(id.substring(0, 12)));
        assertThat(running.networks().get("bridge").ipv4().orElseThrow().toString())
                .isEqualTo("172.17.0.2/16");
        assertThat(sandboxes.namespaces()).containsExactly(id.substring(0, 12));
        assertThat(nextExit.toCompletableFuture()).isNotDone();

        runtime.exit(id, 3, true);
        assertThat(get(nextExit).statusCode()).isEqualTo(3);
        ContainerView exited = controller.inspect(id);
        assertThat(exited.state().status()).isEqualTo(ContainerState.Status.EXITED);
        assertThat(exited.state().exitCode()).isEqualTo(3);
        assertThat(exited.state().finishedAt()).isPresent();
        assertThat(exited.sandboxKey()).isEmpty();
        assertNothingLeftBehind();
        assertThat(stored(id).phase()).isEqualTo(Phase.IDLE);
        assertThat(get(controller.await(id, WaitCondition.NOT_RUNNING)).statusCode())
                .isEqualTo(3);
        assertThat(runtime.calls())
                .containsSubsequence(
                        "createContainer " + id,
                        "createTask " + id,
                        "start " + id,
                        "deleteTask " + id,
                        "deleteContainer " + id);
    }

    @Test
    void theStartIsStoredBeforeTheSandboxIsMade() throws Exception {
        String id = create("web", spec(List.of("true")));
        sandboxes.failOn("createNamespace");
        assertThatThrownBy(() -> controller.start(id)).isInstanceOf(EngineException.class);
        assertThat(store.history().stream()
                        .filter(c -> c instanceof io.shoal.engine.store.Change.Put<?> put
                                && put.value() instanceof ContainerRecord r
                                && r.phase() == Phase.STARTING)
                        .count())
                .isEqualTo(1);
    }

    @Test
    void autoRemoveRemovesTheContainerAtExitThenCompletesRemovedWaiters() throws Exception {
        HostSettings rm =
                new HostSettings("default", Map.of(), false, true, "no", 0, List.of(), List.of(), List.of(), List.of());
        String id = create("once", spec("busybox", List.of("true"), rm, Map.of()));
        CompletionStage<WaitResult> removed = controller.await(id, WaitCondition.REMOVED);
        controller.start(id);
        runtime.exit(id, 4, true);

        assertThat(get(removed).statusCode()).isEqualTo(4);
        assertThatThrownBy(() -> controller.inspect("once"))
                .isInstanceOf(EngineException.class)
                .hasMessage("No such container: once")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(Files.exists(root.resolve("containers").resolve(id))).isFalse();
        assertThat(stored(id)).isNull();
        assertNothingLeftBehind();
    }

    @Test
    void anAutoRemoveContainerWhoseStartFailsIsRemovedAndItsRemovedWaitersComplete() throws Exception {
        HostSettings rm =
                new HostSettings("default", Map.of(), false, true, "no", 0, List.of(), List.of(), List.of(), List.of());
        String id = create("doomed", spec("busybox", List.of("no-such-command"), rm, Map.of()));
        CompletionStage<WaitResult> removed = controller.await(id, WaitCondition.REMOVED);
        runtime.failOn("start", ContainerRuntimeException.Kind.INTERNAL);

        assertThatThrownBy(() -> controller.start(id)).isInstanceOf(EngineException.class);

        get(removed);
        assertThatThrownBy(() -> controller.inspect(id)).hasMessage("No such container: " + id);
        assertThat(stored(id)).isNull();
        assertNothingLeftBehind();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "createNamespace",
                "attach-second",
                "setDefaultRoute",
                "programPorts",
                "hostResolvConf",
                "attachResolver",
                "createContainer",
                "createTask",
                "start"
            })
    void aStartThatFailsAtAnyStepLeavesNothingBehind(String step) throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        HostSettings ports = new HostSettings(
                "default",
                Map.of(new ContainerPort(80, "tcp"), List.of(new HostBinding("", "8080"))),
                false,
                false,
                "no",
                0,
                List.of(),
                List.of(),
                List.of(),
                List.of());
        String id =
                create("web", spec("busybox", List.of("httpd"), ports, Map.of("alpha", EndpointSettings.defaults())));
        switch (step) {
            case "createNamespace", "setDefaultRoute", "hostResolvConf" -> sandboxes.failOn(step);
            case "attach-second" -> networks.failOn("attach", 1);
            case "programPorts" -> networks.failOn("programPorts");
            case "attachResolver" -> dns.failNextAttach();
            default -> runtime.failOn(step, ContainerRuntimeException.Kind.INTERNAL);
        }

        assertThatThrownBy(() -> controller.start(id)).isInstanceOf(EngineException.class);

        assertNothingLeftBehind();
        ContainerView view = controller.inspect(id);
        assertThat(view.state().status()).isEqualTo(ContainerState.Status.CREATED);
        assertThat(view.state().error()).isNotEmpty();
        assertThat(stored(id).phase()).isEqualTo(Phase.IDLE);

        controller.start(id);
        assertThat(controller.inspect(id).state().running()).isTrue();
        assertThat(controller.inspect(id).state().error()).isEmpty();
    }

    @Test
    void theResolverStartsWhileTheNamespaceIsHeldAndBeforeTheTaskStarts() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        String id = create(
                "web",
                spec(
                        "busybox",
                        List.of("httpd"),
                        TestSupport.host("default"),
                        Map.of("alpha", EndpointSettings.defaults())));
        List<String> seenByTheResolver = new java.util.concurrent.CopyOnWriteArrayList<>();
        dns.beforeAttach(() -> {
            seenByTheResolver.addAll(sandboxes.held());
            seenByTheResolver.addAll(runtime.calls());
        });

        controller.start(id);

        String sandbox = id.substring(0, 12);
        assertThat(seenByTheResolver).contains(sandbox).doesNotContain("start " + id);
        assertThat(sandboxes.held()).isEmpty();
        assertThat(dns.resolvers()).containsKey(id);
    }

    @Test
    void aResolverThatFailsToStartStopsTheStartBeforeTheTaskRuns() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        String id = create(
                "web",
                spec(
                        "busybox",
                        List.of("httpd"),
                        TestSupport.host("default"),
                        Map.of("alpha", EndpointSettings.defaults())));
        dns.failNextAttach();

        assertThatThrownBy(() -> controller.start(id))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("attachResolver " + id + ": injected failure");

        assertThat(runtime.calls()).contains("createTask " + id).doesNotContain("start " + id);
        assertNothingLeftBehind();
    }

    @Test
    void anUndoStepThatFailsIsSuppressedInTheStartsErrorAndTheEarlierStepsStillRun() throws Exception {
        String id = create("web", spec(List.of("httpd")));
        runtime.failOn("createTask", ContainerRuntimeException.Kind.INTERNAL);
        runtime.failOn("deleteContainer", ContainerRuntimeException.Kind.UNAVAILABLE);

        assertThatThrownBy(() -> controller.start(id))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .singleElement()
                        .asString()
                        .startsWith("undo failed: delete the runtime container " + id + ": "));

        assertThat(sandboxes.namespaces()).isEmpty();
        assertThat(runtime.containers()).containsOnlyKeys(id);
        assertThat(stored(id).phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void stopSendsTheStopSignalThenSigkillWhenTheTimeoutPasses() throws Exception {
        String polite = run("polite", spec(List.of("sleep")));
        controller.stop(polite, Optional.empty());
        assertThat(controller.inspect(polite).state().exitCode()).isEqualTo(128 + 15);

        runtime.ignoreSignal(15);
        String stubborn = run("stubborn", spec(List.of("sleep")));
        controller.stop(stubborn, Optional.of(Duration.ofSeconds(1)));
        assertThat(runtime.calls()).contains("kill " + stubborn + " 15", "kill " + stubborn + " 9");
        assertThat(controller.inspect(stubborn).state().exitCode()).isEqualTo(128 + 9);
        assertNothingLeftBehind();
        assertThatThrownBy(() -> controller.stop(stubborn, Optional.empty()))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_MODIFIED);
    }

    @Test
    void startingARunningContainerIsNotModifiedAndKillNeedsARunningOne() throws Exception {
        String id = run("web", spec(List.of("sleep")));
        assertThatThrownBy(() -> controller.start(id))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_MODIFIED);
        assertThatThrownBy(() -> controller.kill(id, "NOPE")).hasMessage("Invalid signal: NOPE");
        CompletionStage<WaitResult> next = controller.await(id, WaitCondition.NEXT_EXIT);
        controller.kill(id, "SIGUSR1");
        assertThat(get(next).statusCode()).isEqualTo(128 + 10);
        assertThatThrownBy(() -> controller.kill(id, ""))
                .hasMessage("Container " + id + " is not running")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
    }

    @Test
    void aKillWithSigkillReturnsOnceTheContainerHasStoppedSoItCanBeStartedAgainAtOnce() throws Exception {
        String id = run("web", spec(List.of("sleep")));

        controller.kill(id, "KILL");

        ContainerView killed = controller.inspect(id);
        assertThat(killed.state().status()).isEqualTo(ContainerState.Status.EXITED);
        assertThat(killed.state().exitCode()).isEqualTo(128 + 9);
        assertThat(sandboxes.namespaces()).isEmpty();
        controller.start(id);
        assertThat(controller.inspect(id).state().running()).isTrue();
        assertThat(exit(id, 0)).isZero();
        assertNothingLeftBehind();
    }

    @Test
    void removingARunningContainerNeedsForce() throws Exception {
        String id = run("web", spec(List.of("sleep")));
        assertThatThrownBy(() -> controller.remove("web", false))
                .hasMessage("cannot remove container \"/web\": container is running: stop the container before"
                        + " removing or force remove")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        controller.remove("web", true);
        assertThat(runtime.calls()).contains("kill " + id + " 9");
        assertThatThrownBy(() -> controller.inspect(id)).hasMessage("No such container: " + id);
        assertNothingLeftBehind();
        assertThat(Files.exists(root.resolve("containers").resolve(id))).isFalse();
    }

    /**
     * rm -f deletes the sandbox's namespace before the endpoints' leave (the drivers then have nothing to visit in
     * it), and the name, endpoint and address are free when it returns: the same name on the same network runs again.
     */
    @Test
    void forceRemovingDeletesTheNamespaceBeforeTheEndpointsLeave() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        String id = run("web", spec("busybox", List.of("sleep"), host("alpha"), Map.of()));
        List<Set<String>> namespacesAtDetach = new ArrayList<>();
        networks.onDetach(() -> namespacesAtDetach.add(sandboxes.namespaces()));

        controller.remove("web", true);

        assertThat(namespacesAtDetach).hasSize(1);
        assertThat(namespacesAtDetach.get(0)).doesNotContain(id.substring(0, 12));
        assertThat(sandboxes.calls()).contains("deleteNamespace " + id.substring(0, 12));
        assertThat(networks.endpointsOf(id)).isEmpty();
        String again = run("web", spec("busybox", List.of("sleep"), host("alpha"), Map.of()));
        assertThat(controller.inspect("web").networks()).hasSize(1);
        assertThat(again).isNotEqualTo(id);
    }

    // ------------------------------------------------------------------------------------------------ create

    @Test
    void namesAreCheckedAndConflictsAndUnknownsUseDockersTexts() throws Exception {
        String id = create("web", spec(List.of("true")));
        assertThatThrownBy(() -> create("/web", spec(List.of("true"))))
                .hasMessage("Conflict. The container name \"/web\" is already in use by container \"" + id
                        + "\". You have to remove (or rename) that container to be able to reuse that name.")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        assertThat(controller.inspect("/web").id()).isEqualTo(id);
        assertThat(controller.inspect(id.substring(0, 5)).id()).isEqualTo(id);
        assertThatThrownBy(() -> create("-bad", spec(List.of("true"))))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> create("xx", spec("nosuch", List.of("true"), host("default"), Map.of())))
                .hasMessage("No such image: nosuch:latest")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        // Not 404: the docker CLI would take it for a missing image and try to pull.
        assertThatThrownBy(() -> create("yy", spec("busybox", List.of("true"), host("nosuchnet"), Map.of())))
                .hasMessage("network nosuchnet not found")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> controller.inspect("nope")).hasMessage("No such container: nope");

        String generated =
                controller.create(Optional.empty(), spec(List.of("true"))).id();
        assertThat(controller.inspect(generated).name()).matches("[a-z]+_[a-z]+[0-9]*");
        assertThat(stored(generated).phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void badNetworkModesPortsAndDnsOptionsAreRefusedAndNothingIsStored() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        assertThatThrownBy(() -> create(
                        "aa",
                        spec("busybox", List.of("true"), host("host"), Map.of("alpha", EndpointSettings.defaults()))))
                .hasMessage("Container cannot be connected to network endpoints: host, alpha")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        HostSettings badPort = new HostSettings(
                "default",
                Map.of(new ContainerPort(80, "tcp"), List.of(new HostBinding("", "99999"))),
                false,
                false,
                "no",
                0,
                List.of(),
                List.of(),
                List.of(),
                List.of());
        assertThatThrownBy(() -> create("bb", spec("busybox", List.of("true"), badPort, Map.of())))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        HostSettings badOption = new HostSettings(
                "default", Map.of(), false, false, "no", 0, List.of(), List.of(), List.of("ndots 2"), List.of());
        assertThatThrownBy(() -> create("cc", spec("busybox", List.of("true"), badOption, Map.of())))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        HostSettings badDns = new HostSettings(
                "default", Map.of(), false, false, "no", 0, List.of("dns.example"), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> create("dd", spec("busybox", List.of("true"), badDns, Map.of())))
                .hasMessage("dns.example is not an ip address");
        assertThat(store.load(ContainerController.CONTAINERS)).isEmpty();
    }

    @Test
    void theImageDefaultsAreMergedDockersWay() throws Exception {
        ContainerSpec request = new ContainerSpec(
                "busybox",
                List.of(),
                List.of(),
                List.of("A=1", "PATH=/usr/bin"),
                Map.of(),
                Optional.of("box"),
                "",
                "",
                "",
                false,
                false,
                false,
                false,
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                host("default"),
                Map.of());
        String id = run("defaults", request);
        ContainerView view = controller.inspect(id);
        assertThat(view.path()).isEqualTo("sh");
        assertThat(view.args()).isEmpty();
        assertThat(view.spec().env()).containsExactly("PATH=/usr/bin", "A=1");
        assertThat(view.spec().workingDir()).isEqualTo("/home");
        OciSpec oci = runtime.containers().get(id).spec();
        assertThat(oci.process().args()).containsExactly("sh");
        assertThat(oci.process().cwd()).isEqualTo("/home");
        assertThat(oci.hostname()).contains("box");
        assertThat(oci.linux().namespaces())
                .contains(new OciSpec.Namespace(
                        "network",
                        Optional.of(FakeSandboxHost.path(id.substring(0, 12)).toString())));

        ContainerSpec withEntrypoint = new ContainerSpec(
                "busybox",
                List.of(),
                List.of("/bin/echo"),
                List.of(),
                Map.of(),
                Optional.empty(),
                "",
                "",
                "",
                false,
                false,
                false,
                false,
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                host("default"),
                Map.of());
        ContainerView echo = controller.inspect(create("echo", withEntrypoint));
        assertThat(echo.path()).isEqualTo("/bin/echo");
        assertThat(echo.args()).isEmpty();
        assertThat(echo.spec().cmd()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ network

    @Test
    void theDefaultRouteFollowsDockersOrderAndMovesOnDisconnect() throws Exception {
        networks.add("zeta", "bridge", false, false, "10.9.0.0/24", null);
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        String id = run(
                "web", spec("busybox", List.of("sleep"), host("zeta"), Map.of("alpha", EndpointSettings.defaults())));
        Path namespace = FakeSandboxHost.path(id.substring(0, 12));
        // Attached zeta (eth0) then alpha (eth1); alpha comes first by name, so it gives the route.
        assertThat(sandboxes.defaultRoute(namespace, false))
                .contains(new FakeSandboxHost.Route(java.net.InetAddress.getByName("10.1.0.1"), "eth1"));
        assertThat(sandboxes.defaultRoute(namespace, true)).isEmpty();

        controller.disconnect("alpha", id, false);
        assertThat(sandboxes.defaultRoute(namespace, false))
                .contains(new FakeSandboxHost.Route(java.net.InetAddress.getByName("10.9.0.1"), "eth0"));
        assertThat(controller.inspect(id).networks()).containsOnlyKeys("zeta");

        controller.connect("alpha", id, EndpointSettings.defaults());
        assertThat(networks.attached())
                .anyMatch(a -> a.view().networkName().equals("alpha")
                        && a.interfaceName().equals("eth1"));
        assertThat(sandboxes
                        .defaultRoute(namespace, false)
                        .orElseThrow()
                        .gateway()
                        .getHostAddress())
                .isEqualTo("10.1.0.1");
        assertThatThrownBy(() -> controller.connect("alpha", id, EndpointSettings.defaults()))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        assertThatThrownBy(() -> controller.disconnect("bridge", id, false))
                .hasMessage("container " + id + " is not connected to network bridge");
    }

    @Test
    void inspectShowsTheSettingsAConnectAskedFor() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        networks.add("beta", "bridge", false, false, "10.2.0.0/24", null);
        String id = run("web", spec("busybox", List.of("sleep"), host("alpha"), Map.of()));
        EndpointSettings asked = new EndpointSettings(
                List.of("db"),
                Optional.of(java.net.InetAddress.getByName("10.2.0.77")),
                Optional.empty(),
                Optional.empty(),
                Map.of());

        controller.connect("beta", id, asked);

        // docker inspect's IPAMConfig for the network comes from here (ContainerJson), as it does for run --ip.
        assertThat(controller.inspect(id).spec().endpoints()).containsEntry("beta", asked);
    }

    @Test
    void aConnectOrDisconnectThatKeepsTheGatewayLeavesTheRoutesAlone() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        networks.add("beta", "bridge", false, false, "10.2.0.0/24", null);
        networks.add("aardvark", "bridge", false, false, "10.3.0.0/24", null);
        String id = run("web", spec("busybox", List.of("sleep"), host("alpha"), Map.of()));
        Path namespace = FakeSandboxHost.path(id.substring(0, 12));
        int afterStart = routeCalls(namespace);
        assertThat(afterStart).isPositive();

        // beta sorts after alpha: alpha keeps the gateway, so neither step visits the namespace for routes.
        controller.connect("beta", id, EndpointSettings.defaults());
        controller.disconnect("beta", id, false);
        assertThat(routeCalls(namespace)).isEqualTo(afterStart);

        // aardvark sorts first: it takes the gateway, and gives it back when it leaves.
        controller.connect("aardvark", id, EndpointSettings.defaults());
        assertThat(sandboxes.defaultRoute(namespace, false))
                .contains(new FakeSandboxHost.Route(java.net.InetAddress.getByName("10.3.0.1"), "eth1"));
        int afterTakeOver = routeCalls(namespace);
        assertThat(afterTakeOver).isGreaterThan(afterStart);
        controller.disconnect("aardvark", id, false);
        assertThat(sandboxes.defaultRoute(namespace, false))
                .contains(new FakeSandboxHost.Route(java.net.InetAddress.getByName("10.1.0.1"), "eth0"));
        assertThat(routeCalls(namespace)).isGreaterThan(afterTakeOver);

        // A new sandbox (stop, start) gets its routes whatever was set in the old one.
        controller.stop(id, Optional.empty());
        int beforeRestart = routeCalls(namespace);
        controller.start(id);
        assertThat(routeCalls(namespace)).isGreaterThan(beforeRestart);
        assertThat(sandboxes.defaultRoute(namespace, false))
                .contains(new FakeSandboxHost.Route(java.net.InetAddress.getByName("10.1.0.1"), "eth0"));
    }

    @Test
    void aConnectOrDisconnectWhoseUnitFailsToCommitGoesBackInMemoryRoutesAndHosts() throws Exception {
        store.deferringInUnits();
        networks.add("zeta", "bridge", false, false, "10.9.0.0/24", null);
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        networks.add("beta", "bridge", false, false, "10.2.0.0/24", null);
        String id = run("web", spec("busybox", List.of("sleep"), host("zeta"), Map.of()));
        Path namespace = FakeSandboxHost.path(id.substring(0, 12));
        Path hosts = root.resolve("containers").resolve(id).resolve("hosts");
        String hostsBefore = Files.readString(hosts);
        FakeSandboxHost.Route viaZeta = new FakeSandboxHost.Route(java.net.InetAddress.getByName("10.9.0.1"), "eth0");
        store.failNextUnitCommit();

        // alpha sorts first, so the connect moved the default route and wrote alpha's address into hosts.
        assertThatThrownBy(() -> controller.connect("alpha", id, EndpointSettings.defaults()))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INTERNAL);

        assertThat(controller.inspect(id).networks()).containsOnlyKeys("zeta");
        assertThat(sandboxes.defaultRoute(namespace, false)).contains(viaZeta);
        assertThat(Files.readString(hosts)).isEqualTo(hostsBefore);
        assertThat(store.records(ContainerController.CONTAINERS).get(id).networks())
                .extracting(ContainerRecord.Attachment::networkName)
                .containsExactly("zeta");

        controller.connect("beta", id, EndpointSettings.defaults());
        store.failNextUnitCommit();
        assertThatThrownBy(() -> controller.disconnect("beta", id, false))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INTERNAL);
        // Not written: the container still lists beta, and a disconnect tried again finishes.
        assertThat(controller.inspect(id).networks()).containsOnlyKeys("zeta", "beta");
        controller.disconnect("beta", id, false);
        assertThat(controller.inspect(id).networks()).containsOnlyKeys("zeta");
        assertThat(store.records(ContainerController.CONTAINERS).get(id).networks())
                .extracting(ContainerRecord.Attachment::networkName)
                .containsExactly("zeta");
    }

    private int routeCalls(Path namespace) {
        return (int) sandboxes.calls().stream()
                .filter(c -> c.startsWith("setDefaultRoute " + namespace + " "))
                .count();
    }

    @Test
    void disconnectingTheLastNetworkLeavesARunningContainerWithoutNetworksOrRoute() throws Exception {
        networks.add("only", "bridge", false, false, "10.8.0.0/24", null);
        String id = run("lonely", spec("busybox", List.of("sleep"), host("only"), Map.of()));
        Path namespace = FakeSandboxHost.path(id.substring(0, 12));
        assertThat(sandboxes.defaultRoute(namespace, false)).isPresent();

        networks.add("later", "bridge", false, false, "10.7.0.0/24", null);
        controller.connect("later", id, EndpointSettings.defaults());

        controller.disconnect("only", id, false);
        controller.disconnect("later", id, true);

        assertThat(controller.inspect(id).networks()).isEmpty();
        assertThat(sandboxes.defaultRoute(namespace, false)).isEmpty();
        assertThat(networks.attached())
                .noneMatch(a -> a.view().networkName().equals("only")
                        || a.view().networkName().equals("later"));

        controller.remove(id, true);
        assertThat(sandboxes.namespaces()).doesNotContain(id.substring(0, 12));
    }

    @Test
    void anInternalNetworkNeverGivesTheDefaultRoute() throws Exception {
        networks.add("inner", "bridge", false, true, "10.5.0.0/24", null);
        networks.add("outer", "bridge", false, false, "10.6.0.0/24", null);
        String alone = run("alone", spec("busybox", List.of("sleep"), host("inner"), Map.of()));
        assertThat(sandboxes.defaultRoute(FakeSandboxHost.path(alone.substring(0, 12)), false))
                .isEmpty();

        String both = run(
                "both", spec("busybox", List.of("sleep"), host("inner"), Map.of("outer", EndpointSettings.defaults())));
        assertThat(sandboxes
                        .defaultRoute(FakeSandboxHost.path(both.substring(0, 12)), false)
                        .orElseThrow())
                .isEqualTo(new FakeSandboxHost.Route(java.net.InetAddress.getByName("10.6.0.1"), "eth1"));
    }

    @Test
    void aStoppedContainerIsConnectedAtItsNextStart() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        String id = create("web", spec(List.of("sleep")));
        controller.connect("alpha", id, EndpointSettings.defaults());
        assertThat(networks.attached()).isEmpty();
        controller.start(id);
        assertThat(networks.attached())
                .extracting(a -> a.view().networkName() + "/" + a.interfaceName())
                .containsExactly("bridge/eth0", "alpha/eth1");
    }

    @Test
    void aCreatedContainerDisconnectedFromItsOnlyNetworkCanBeConnectedAgainWithAliases() throws Exception {
        // docker-compose's sequence for every new container: create on the primary network, disconnect from it and
        // connect again (and to the other networks) with the service name and the short id as aliases, then start.
        networks.add("proj_back", "bridge", false, true, "10.3.0.0/24", null);
        networks.add("proj_front", "bridge", false, false, "10.4.0.0/24", null);
        String id = create("proj_web_1", spec("busybox", List.of("sleep"), host("proj_back"), Map.of()));
        String shortId = id.substring(0, 12);
        controller.disconnect("proj_back", id, false);
        assertThat(controller.inspect(id).networks()).isEmpty();
        controller.connect("proj_back", id, aliases("web", shortId));
        controller.connect("proj_front", id, aliases("web", "www", shortId));
        controller.start(id);
        assertThat(networks.attached())
                .extracting(a -> a.view().networkName() + " " + a.settings().aliases())
                .containsExactly("proj_back [web, " + shortId + "]", "proj_front [web, www, " + shortId + "]");
    }

    private static EndpointSettings aliases(String... names) {
        return new EndpointSettings(List.of(names), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void portsArePublishedOnTheGatewayEndpoint() throws Exception {
        HostSettings ports = new HostSettings(
                "default",
                Map.of(new ContainerPort(80, "tcp"), List.of(new HostBinding("", "8080"))),
                false,
                false,
                "no",
                0,
                List.of(),
                List.of(),
                List.of(),
                List.of());
        String id = run("web", spec("busybox", List.of("httpd"), ports, Map.of()));
        assertThat(networks.calls()).contains("programPorts " + id + " " + bridge.id());
        assertThat(controller.inspect(id).ports())
                .isEqualTo(Map.of(new ContainerPort(80, "tcp"), List.of(new HostBinding("0.0.0.0", "8080"))));
        assertThat(controller.inspect(id).spec().exposedPorts()).contains(new ContainerPort(80, "tcp"));
        exit(id, 0);
        assertThat(controller.inspect(id).ports()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ files

    @Test
    void onTheDefaultBridgeTheFilesCopyTheHostsReachableNameservers() throws Exception {
        HostSettings extra = new HostSettings(
                "default", Map.of(), false, false, "no", 0, List.of(), List.of(), List.of(), List.of("db:10.0.0.5"));
        String id = run("web", spec("busybox", List.of("sleep"), extra, Map.of()));
        String shortId = id.substring(0, 12);
        Path dir = root.resolve("containers").resolve(id);
        String resolvConf = Files.readString(dir.resolve("resolv.conf"));
        assertThat(resolvConf)
                .contains("nameserver 10.0.0.2\n", "search example.org\n", "options edns0\n")
                .doesNotContain("127.0.0.53", "127.0.0.11");
        assertThat(Files.readString(dir.resolve("hosts")))
                .startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
                .contains("10.0.0.5\tdb\n", "172.17.0.2\t" + shortId + "\n");
        assertThat(Files.readString(dir.resolve("hostname"))).isEqualTo(shortId + "\n");
        assertThat(dns.resolvers()).isEmpty();
        assertThat(controller.inspect(id).hostsPath()).isEqualTo(dir.resolve("hosts"));
    }

    @Test
    void withDnsServersTheBridgeFileNamesOnlyThem() throws Exception {
        HostSettings servers = new HostSettings(
                "default",
                Map.of(),
                false,
                false,
                "no",
                0,
                List.of("9.9.9.9"),
                List.of("corp.example"),
                List.of("ndots:2"),
                List.of());
        String id = run("web", spec("busybox", List.of("sleep"), servers, Map.of()));
        String resolvConf =
                Files.readString(root.resolve("containers").resolve(id).resolve("resolv.conf"));
        assertThat(resolvConf)
                .contains("nameserver 9.9.9.9\n", "search corp.example\n", "options ndots:2\n")
                .doesNotContain("10.0.0.2", "example.org\n", "edns0");
    }

    @Test
    void onAUserDefinedNetworkTheEmbeddedResolverAnswersAndForwardsToTheHostsServers() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        String id = run("web", spec("busybox", List.of("sleep"), host("alpha"), Map.of()));
        String resolvConf =
                Files.readString(root.resolve("containers").resolve(id).resolve("resolv.conf"));
        assertThat(resolvConf).startsWith("nameserver 127.0.0.11\n").doesNotContain("10.0.0.2");
        assertThat(dns.resolvers().get(id).upstreams()).containsExactly(new InetSocketAddress("10.0.0.2", 53));
        assertThat(dns.resolvers().get(id).namespace()).isEqualTo(FakeSandboxHost.path(id.substring(0, 12)));

        HostSettings servers = new HostSettings(
                "alpha", Map.of(), false, false, "no", 0, List.of("9.9.9.9"), List.of(), List.of(), List.of());
        String other = run("other", spec("busybox", List.of("sleep"), servers, Map.of()));
        assertThat(dns.resolvers().get(other).upstreams()).containsExactly(new InetSocketAddress("9.9.9.9", 53));

        exit(id, 0);
        assertThat(dns.resolvers()).containsOnlyKeys(other);
        // The sandbox's teardown stops the resolver without removing its rule: the namespace is deleted with it.
        assertThat(dns.calls())
                .containsSubsequence(
                        "detachResolverBeforeNamespaceDelete " + id, "withdraw alpha " + id.substring(0, 12))
                .doesNotContain("detachResolver " + id);
    }

    // ------------------------------------------------------------------------------------------------ output

    @Test
    void logsKeepTheOrderInWhichOutputArrivedAcrossStreams() throws Exception {
        String id = run("web", spec(List.of("sh")));
        runtime.write(id, false, "one\n");
        controller.pollOutput();
        runtime.write(id, true, "two\n");
        controller.pollOutput();
        runtime.write(id, false, "three\npartial");
        exit(id, 0);

        RecordingSink all = new RecordingSink();
        controller.logs(id, new LogOptions(true, true, false, OptionalInt.empty(), Instant.EPOCH), all);
        assertThat(all.chunks()).containsExactly("out:one\n", "err:two\n", "out:three\n", "out:partial");
        assertThat(all.ended).isDone();

        RecordingSink tail = new RecordingSink();
        controller.logs(id, new LogOptions(true, true, false, OptionalInt.of(2), Instant.EPOCH), tail);
        assertThat(tail.chunks()).containsExactly("out:three\n", "out:partial");

        RecordingSink errors = new RecordingSink();
        controller.logs(id, new LogOptions(false, true, true, OptionalInt.empty(), Instant.EPOCH), errors);
        assertThat(errors.chunks()).containsExactly("err:two\n");
        assertThat(errors.ended).isDone();
    }

    @Test
    void attachBeforeStartDeliversTheRunsOutputAndEndsAtExit() throws Exception {
        String id = create("web", spec(List.of("sh")));
        RecordingSink sink = new RecordingSink();
        controller.attach(id, true, true, sink);
        RecordingSink errorsOnly = new RecordingSink();
        controller.attach(id, false, true, errorsOnly);
        controller.start(id);
        runtime.write(id, false, "hello ");
        controller.pollOutput();
        assertThat(sink.chunks()).containsExactly("out:hello ");
        runtime.write(id, false, "world\n");
        runtime.write(id, true, "bad\n");
        assertThat(sink.ended).isNotDone();
        exit(id, 1);

        assertThat(sink.text()).isEqualTo("out:hello out:world\nerr:bad\n");
        assertThat(sink.ended).isDone();
        assertThat(sink.ends).isEqualTo(1);
        assertThat(errorsOnly.chunks()).containsExactly("err:bad\n");
    }

    @Test
    void followingLogsGetsNewOutputUntilTheExit() throws Exception {
        String id = run("web", spec(List.of("sh")));
        runtime.write(id, false, "before\n");
        controller.pollOutput();
        RecordingSink sink = new RecordingSink();
        OutputSubscription subscription =
                controller.logs(id, new LogOptions(true, true, true, OptionalInt.empty(), Instant.EPOCH), sink);
        runtime.write(id, false, "after\n");
        controller.pollOutput();
        assertThat(sink.chunks()).containsExactly("out:before\n", "out:after\n");
        subscription.close();
        subscription.close();
        assertThat(sink.ends).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ exec

    @Test
    void anExecReportsItsOutputAndExitCode() throws Exception {
        runtime.onExec("ls", new FakeContainerRuntime.ExecScript("a\n", "b\n", 7));
        String id = run("web", spec(List.of("sleep")));
        String execId =
                controller.createExec(id, new ExecSpec(List.of("ls", "-l"), List.of("X=1"), "", "", true, true));
        assertThat(controller.inspect(id).execIds()).containsExactly(execId);
        RecordingSink sink = new RecordingSink();
        controller.startExec(execId, Optional.of(sink));
        get(sink.ended);

        assertThat(sink.text()).contains("out:a\n", "err:b\n");
        ExecView view = controller.inspectExec(execId);
        assertThat(view.exitCode()).hasValue(7);
        assertThat(view.running()).isFalse();
        assertThat(runtime.calls()).contains("exec " + id + " ls -l");
        assertThatThrownBy(() -> controller.startExec(execId, Optional.empty()))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        assertThatThrownBy(() -> controller.inspectExec("nope")).hasMessage("No such exec instance: nope");

        exit(id, 0);
        assertThatThrownBy(() -> controller.createExec(id, new ExecSpec(List.of("ls"), List.of(), "", "", true, true)))
                .hasMessage("Container " + id + " is not running");
    }

    // ------------------------------------------------------------------------------------------------ list

    @Test
    void listShowsNewestFirstAndFilters() throws Exception {
        String a = create("alpha-one", spec(List.of("true")));
        String b = run("beta", spec(List.of("sleep")));
        String c = create(
                "gamma",
                new ContainerSpec(
                        "busybox",
                        List.of("true"),
                        List.of(),
                        List.of(),
                        Map.of("tier", "db"),
                        Optional.empty(),
                        "",
                        "",
                        "",
                        false,
                        false,
                        false,
                        false,
                        Set.of(),
                        Optional.empty(),
                        Optional.empty(),
                        host("default"),
                        Map.of()));
        controller.start(c);
        exit(c, 2);

        assertThat(controller.list(false, Filters.none(), 0))
                .extracting(ContainerView::id)
                .containsExactly(b);
        assertThat(controller.list(true, Filters.none(), 0))
                .extracting(ContainerView::id)
                .containsExactly(c, b, a);
        assertThat(controller.list(true, Filters.none(), 2))
                .extracting(ContainerView::id)
                .containsExactly(c, b);
        assertThat(controller.list(false, filter("status", "exited"), 0))
                .extracting(ContainerView::id)
                .containsExactly(c);
        assertThat(controller.list(true, filter("name", "^/alpha"), 0))
                .extracting(ContainerView::id)
                .containsExactly(a);
        assertThat(controller.list(true, filter("label", "tier=db"), 0))
                .extracting(ContainerView::id)
                .containsExactly(c);
        assertThat(controller.list(true, filter("exited", "2"), 0))
                .extracting(ContainerView::id)
                .containsExactly(c);
        assertThat(controller.list(true, filter("network", "bridge"), 0)).hasSize(3);
        assertThat(controller.list(true, filter("ancestor", "busybox"), 0)).hasSize(3);
        assertThat(controller.list(true, filter("id", b.substring(0, 6)), 0))
                .extracting(ContainerView::id)
                .containsExactly(b);
        assertThatThrownBy(() -> controller.list(true, filter("colour", "red"), 0))
                .hasMessage("invalid filter 'colour'");
    }

    private static Filters filter(String key, String value) {
        return new Filters(Map.of(key, Set.of(value)));
    }

    // ------------------------------------------------------------------------------------------------ restore

    @Test
    void restoreRemovesRuntimeContainersAndTasksNoStoredContainerRuns() throws Exception {
        String stays = run("stays", spec(List.of("sleep")));
        controller.close();
        // Left by an engine killed between the runtime's work and its record (or whose record was rolled back).
        io.shoal.engine.runtime.ContainerConfig model = runtime.containers().get(stays);
        String withTask = "a".repeat(64);
        String withoutTask = "b".repeat(64);
        runtime.createContainer(new io.shoal.engine.runtime.ContainerConfig(withTask, Map.of(), model.spec()));
        runtime.createTask(withTask, runtime.rootfsOf(stays).orElseThrow(), runtime.stdioOf(stays));
        runtime.start(withTask);
        runtime.createContainer(new io.shoal.engine.runtime.ContainerConfig(withoutTask, Map.of(), model.spec()));

        controller = newController();
        controller.restore();

        assertThat(runtime.taskIds()).containsExactly(stays);
        assertThat(runtime.containers()).containsOnlyKeys(stays);
        assertThat(controller.inspect("stays").state().running()).isTrue();
        assertThat(exit(stays, 0)).isZero();
        assertNothingLeftBehind();
    }

    @Test
    void restoreKeepsRunningTasksAndRecordsExitsThatHappenedMeanwhile() throws Exception {
        String stays = run("stays", spec(List.of("sleep")));
        String dies = run("dies", spec(List.of("sleep")));
        controller.close();
        runtime.exit(dies, 5, false);

        controller = newController();
        controller.restore();

        ContainerView alive = controller.inspect("stays");
        assertThat(alive.state().running()).isTrue();
        assertThat(sandboxes.namespaces()).containsExactly(stays.substring(0, 12));
        ContainerView dead = controller.inspect("dies");
        assertThat(dead.state().status()).isEqualTo(ContainerState.Status.EXITED);
        assertThat(dead.state().exitCode()).isEqualTo(5);
        assertThat(networks.attached()).extracting(a -> a.view().containerId()).containsExactly(stays);
        assertThat(runtime.taskIds()).containsExactly(stays);

        assertThat(exit(stays, 0)).isZero();
        assertNothingLeftBehind();
    }

    @Test
    void aHostNetworkContainerJoinsTheEnginesOwnNamespaceNeverPidOnes() throws Exception {
        String id = run("onhost", spec("busybox", List.of("sleep"), host("host"), Map.of()));

        List<String> paths = runtime.containers().get(id).spec().linux().namespaces().stream()
                .filter(namespace -> namespace.type().equals("network"))
                .map(namespace -> namespace.path().orElseThrow())
                .toList();
        assertThat(paths).containsExactly("/proc/" + ProcessHandle.current().pid() + "/ns/net");
        assertThat(sandboxes.namespaces()).isEmpty();
        assertThat(exit(id, 0)).isZero();
    }

    @Test
    void restoreStartsTheResolverOfARunningContainerOnAUserDefinedNetworkAgain() throws Exception {
        networks.add("alpha", "bridge", false, false, "10.1.0.0/24", null);
        String onAlpha = run("web", spec("busybox", List.of("sleep"), host("alpha"), Map.of()));
        String onBridge = run("plain", spec(List.of("sleep")));
        controller.close();
        dns.detachResolver(onAlpha); // the engine's process, which held the resolver, is gone

        controller = newController();
        controller.restore();

        assertThat(dns.resolvers()).containsOnlyKeys(onAlpha);
        assertThat(dns.resolvers().get(onAlpha).namespace().toString()).contains(onAlpha.substring(0, 12));
        assertThat(exit(onAlpha, 0)).isZero();
        assertThat(exit(onBridge, 0)).isZero();
        assertNothingLeftBehind();
    }

    @Test
    void restoreUndoesAStartAndFinishesARemovalThatACrashInterrupted() throws Exception {
        String starting = run("starting", spec(List.of("sleep")));
        String removing = create("removing", spec(List.of("true")));
        controller.close();
        // As if the engine died mid-start and mid-removal: the phases were stored before the work.
        store.apply(List.of(
                io.shoal.engine.store.Change.put(
                        ContainerController.CONTAINERS,
                        starting,
                        stored(starting)
                                .withState(
                                        new ContainerState(
                                                ContainerState.Status.CREATED,
                                                0,
                                                0,
                                                Optional.empty(),
                                                Optional.empty(),
                                                "",
                                                false),
                                        Phase.STARTING)),
                io.shoal.engine.store.Change.put(
                        ContainerController.CONTAINERS,
                        removing,
                        stored(removing).withPhase(Phase.REMOVING))));

        controller = newController();
        controller.restore();

        assertNothingLeftBehind();
        ContainerView undone = controller.inspect(starting);
        assertThat(undone.state().status()).isEqualTo(ContainerState.Status.CREATED);
        assertThat(undone.state().error()).isEqualTo("the engine stopped while the container was starting");
        assertThat(stored(starting).phase()).isEqualTo(Phase.IDLE);
        assertThatThrownBy(() -> controller.inspect(removing)).hasMessage("No such container: " + removing);
        assertThat(stored(removing)).isNull();
    }

    @Test
    void aReconnectedRuntimeIsReconciled() throws Exception {
        String id = run("web", spec(List.of("sleep")));
        CompletionStage<WaitResult> next = controller.await(id, WaitCondition.NEXT_EXIT);
        runtime.exit(id, 9, false);
        runtime.reconnect();
        assertThat(get(next).statusCode()).isEqualTo(9);
        assertNothingLeftBehind();
    }

    @Test
    void theImageSideLearnsWhichImagesAreInUse() throws Exception {
        String id = create("web", spec(List.of("true")));
        assertThatThrownBy(() -> images.remove("busybox", false))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        controller.remove(id, false);
        assertThat(images.remove("busybox", false)).hasSize(2);
    }
}
