package io.shoal.engine.containerd;

import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.shoal.engine.containerd.proto.events.Envelope;
import io.shoal.engine.containerd.proto.events.EventsGrpc;
import io.shoal.engine.containerd.proto.events.SubscribeRequest;
import io.shoal.engine.containerd.proto.events.TaskExit;
import io.shoal.engine.containerd.proto.version.VersionGrpc;
import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.runtime.RuntimeEvents;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A long-lived {@code Events.Subscribe} to {@code /tasks/exit} of one namespace, re-established whenever it breaks
 * (containerd restarted or stopped): the channel reconnects by itself, this waits until containerd answers Version
 * again, subscribes anew and then asks the listener to reconcile, because a shim drops an exit event it cannot deliver
 * after a few retries (containerd 1.6 {@code runtime/v2/shim/publisher.go}).
 *
 * <p>Every callback runs on one thread of its own, so the listener sees one call at a time.
 */
final class ExitSubscription implements ContainerRuntime.Subscription {
    private static final Logger LOG = Logger.getLogger(ExitSubscription.class.getName());
    /** The payload type of a /tasks/exit envelope. */
    static final String TASK_EXIT_TYPE_URL = "containerd.events.TaskExit";

    private static final long RETRY_PAUSE_MILLIS = 200;

    private final ContainerdConnection connection;
    private final RuntimeEvents events;
    private final String filter;
    private final Duration callTimeout;
    private final ExecutorService delivery;
    private volatile boolean closed;
    private volatile ClientCallStreamObserver<SubscribeRequest> call;

    private ExitSubscription(
            ContainerdConnection connection, RuntimeEvents events, String namespace, Duration callTimeout) {
        this.connection = connection;
        this.events = events;
        // One filter: its comma-separated conditions must all hold (containerd filters syntax).
        this.filter = "topic==\"/tasks/exit\",namespace==\"" + namespace + "\"";
        this.callTimeout = callTimeout;
        this.delivery = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "containerd events " + namespace);
            thread.setDaemon(true);
            return thread;
        });
    }

    static ExitSubscription start(
            ContainerdConnection connection, RuntimeEvents events, String namespace, Duration callTimeout) {
        ExitSubscription subscription = new ExitSubscription(connection, events, namespace, callTimeout);
        subscription.delivery.execute(subscription::subscribe);
        return subscription;
    }

    /** Decodes a TaskExit envelope; empty for any other payload. */
    static Optional<io.shoal.engine.runtime.TaskExit> decode(Envelope envelope) throws InvalidProtocolBufferException {
        if (!envelope.getEvent().getTypeUrl().equals(TASK_EXIT_TYPE_URL)) {
            return Optional.empty();
        }
        TaskExit exit = TaskExit.parseFrom(envelope.getEvent().getValue());
        return Optional.of(new io.shoal.engine.runtime.TaskExit(
                exit.getContainerId(),
                exit.getId(),
                Integer.toUnsignedLong(exit.getPid()),
                ContainerdRuntime.exitStatus(exit.getExitStatus(), exit.getExitedAt())));
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        EventsGrpc.newStub(connection.channel())
                .withExecutor(this::deliver)
                .subscribe(SubscribeRequest.newBuilder().addFilters(filter).build(), new Observer());
    }

    /** Runs gRPC's callbacks on the delivery thread; once closed, late callbacks (the cancellation) are dropped. */
    private void deliver(Runnable callback) {
        try {
            delivery.execute(callback);
        } catch (RejectedExecutionException e) {
            // Only after close(): nothing may be delivered any more, by contract.
            LOG.log(Level.FINE, "callback after close dropped", e);
        }
    }

    /** Runs on the delivery thread after the stream broke: waits for containerd, subscribes, asks to reconcile. */
    private void resubscribe() {
        while (!closed) {
            connection.resetBackoff();
            try {
                VersionGrpc.newBlockingStub(connection.channel())
                        .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .version(Empty.getDefaultInstance());
                subscribe();
                if (!closed) {
                    events.onReconnected();
                }
                return;
            } catch (StatusRuntimeException e) {
                LOG.log(Level.FINE, "containerd not back yet", e);
            }
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ClientCallStreamObserver<SubscribeRequest> current = call;
        if (current != null) {
            current.cancel("subscription closed", null);
        }
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Observer implements ClientResponseObserver<SubscribeRequest, Envelope> {
        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(Envelope envelope) {
            if (closed) {
                return;
            }
            try {
                decode(envelope).ifPresent(events::onExit);
            } catch (InvalidProtocolBufferException e) {
                LOG.log(Level.WARNING, "undecodable event " + envelope.getTopic(), e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the exit listener failed", e);
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (!closed) {
                LOG.log(Level.INFO, "containerd event stream broke; resubscribing", failure);
                resubscribe();
            }
        }

        @Override
        public void onCompleted() {
            if (!closed) {
                resubscribe();
            }
        }
    }
}
