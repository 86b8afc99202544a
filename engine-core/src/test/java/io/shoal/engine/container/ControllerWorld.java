package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.tarball;

import io.shoal.engine.dns.FakeNameService;
import io.shoal.engine.image.FakeRootfsUnpacker;
import io.shoal.engine.image.ImageController;
import io.shoal.engine.network.FakeNetworkAttachments;
import io.shoal.engine.runtime.FakeContainerRuntime;
import io.shoal.engine.sandbox.FakeSandboxHost;
import io.shoal.engine.store.FakeEngineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The container side over the fakes as most container tests need it: the predefined {@code bridge}, a host
 * resolv.conf naming 10.0.0.2, an imported {@code busybox} image whose CMD is {@code sh}, and a restored controller
 * whose output poller never runs by itself (an hour apart). {@link #newController} makes another over the same
 * fakes, as a restarted engine would.
 */
final class ControllerWorld implements AutoCloseable {
    final FakeEngineStore store = new FakeEngineStore();
    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakeNetworkAttachments networks = new FakeNetworkAttachments();
    final FakeSandboxHost sandboxes = new FakeSandboxHost();
    final FakeNameService dns = new FakeNameService();
    final Clock clock = new TestSupport.TickingClock();
    final ImageController images;
    ContainerController controller;

    private final Path root;
    private final RestartSupervisor.Scheduler scheduler;
    private final AtomicReference<ContainerController> current = new AtomicReference<>();

    private ControllerWorld(Path root, RestartSupervisor.Scheduler scheduler) {
        this.root = root;
        this.scheduler = scheduler;
        this.images = new ImageController(
                store, new FakeRootfsUnpacker(), root, id -> current.get().containerUsing(id), clock);
    }

    /** The world under {@code root}, delayed restarts on the controller's own timer. */
    static ControllerWorld start(Path root) throws Exception {
        return start(root, null);
    }

    /** The world under {@code root}, delayed restarts run by {@code scheduler} (null: the controller's timer). */
    static ControllerWorld start(Path root, RestartSupervisor.Scheduler scheduler) throws Exception {
        ControllerWorld world = new ControllerWorld(root, scheduler);
        world.networks.add("bridge", "bridge", true, false, "172.17.0.0/16", null);
        world.sandboxes.hostResolvConf("nameserver 10.0.0.2\n");
        world.images.restore();
        world.images.importRootfs(tarball("busybox"), Optional.of("busybox"), "", List.of("CMD [\"sh\"]"));
        world.controller = world.newController();
        world.controller.restore();
        return world;
    }

    /** A new controller over the same fakes (not restored): the engine after a restart. */
    ContainerController newController() {
        ContainerController created = new ContainerController(
                store, runtime, networks, sandboxes, dns, images, root, clock, Duration.ofHours(1), scheduler);
        current.set(created);
        return created;
    }

    @Override
    public void close() {
        controller.close();
    }
}
