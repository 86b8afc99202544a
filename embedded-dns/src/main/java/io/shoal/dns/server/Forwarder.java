package io.shoal.dns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Sends the questions Shoal does not answer itself to the upstream servers, one attempt after another, within a
 * deadline.
 *
 * <p>Attempt {@code i} goes to upstream {@code i mod n}. A query that came over TCP goes upstream over TCP; one that
 * came over UDP goes over UDP, and when that answer is truncated the same upstream is asked again over TCP (RFC 7766
 * section 5). SERVFAIL, REFUSED and NOTIMP from one upstream move on to the next attempt, as a stub resolver would;
 * the last such answer is relayed if no attempt does better. Everything runs on callbacks: nothing waits on a thread.
 */
final class Forwarder {
    private final List<InetSocketAddress> upstreams;
    private final ResolverSettings settings;
    private final UpstreamExchange exchange;
    private final ScheduledExecutorService timer;

    Forwarder(
            List<InetSocketAddress> upstreams,
            ResolverSettings settings,
            UpstreamExchange exchange,
            ScheduledExecutorService timer) {
        this.upstreams = List.copyOf(upstreams);
        this.settings = settings;
        this.exchange = exchange;
        this.timer = timer;
    }

    /**
     * Forwards {@code query} (whose parsed question is {@code question}); the result completes with the upstream's
     * answer, or exceptionally with {@link UpstreamException} when every attempt failed, or with
     * {@link java.util.concurrent.TimeoutException} at the deadline.
     */
    CompletableFuture<UpstreamAnswer> forward(byte[] query, Record question, Transport transport) {
        CompletableFuture<UpstreamAnswer> result = new CompletableFuture<>();
        if (upstreams.isEmpty()) {
            result.completeExceptionally(new IOException("no upstream servers configured"));
            return result;
        }
        ScheduledFuture<?> deadline = timer.schedule(
                () -> result.completeExceptionally(
                        new java.util.concurrent.TimeoutException("no upstream answered within "
                                + settings.forwardDeadline().toMillis() + " ms")),
                settings.forwardDeadline().toNanos(),
                TimeUnit.NANOSECONDS);
        Futures.whenDone(result, () -> deadline.cancel(false));
        attempt(new Question(query, question, transport, result), 0, null, null);
        return result;
    }

    private void attempt(Question asked, int index, UpstreamAnswer fallback, Throwable lastFailure) {
        if (asked.result.isDone()) {
            return;
        }
        if (index >= settings.attempts()) {
            if (fallback != null) {
                asked.result.complete(fallback);
            } else {
                asked.result.completeExceptionally(lastFailure);
            }
            return;
        }
        InetSocketAddress upstream = upstreams.get(index % upstreams.size());
        var unused = exchangeOnce(asked, upstream).whenComplete((answer, failure) -> {
            if (failure != null) {
                attempt(asked, index + 1, fallback, unwrap(failure));
            } else if (movesOn(answer)) {
                attempt(asked, index + 1, answer, lastFailure);
            } else {
                asked.result.complete(answer);
            }
        });
    }

    private CompletableFuture<UpstreamAnswer> exchangeOnce(Question asked, InetSocketAddress upstream) {
        if (asked.transport == Transport.TCP) {
            return tcp(asked, upstream);
        }
        return exchange.udp(asked.query, upstream, settings.attemptTimeout())
                .thenApply(wire -> checked(wire, asked.question, upstream))
                .thenCompose(answer -> {
                    if (!answer.message().getHeader().getFlag(Flags.TC)) {
                        return CompletableFuture.completedFuture(answer);
                    }
                    // The truncated answer is still worth relaying (the client may retry over TCP itself).
                    return tcp(asked, upstream).handle((full, failure) -> failure == null ? full : answer);
                });
    }

    private CompletableFuture<UpstreamAnswer> tcp(Question asked, InetSocketAddress upstream) {
        return exchange.tcp(asked.query, upstream, settings.attemptTimeout())
                .thenApply(wire -> checked(wire, asked.question, upstream));
    }

    private static boolean movesOn(UpstreamAnswer answer) {
        int rcode = answer.message().getRcode();
        return rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED || rcode == Rcode.NOTIMP;
    }

    /** Parses the response and makes sure it answers the question asked (RFC 5452 section 9.1). */
    private static UpstreamAnswer checked(byte[] wire, Record question, InetSocketAddress upstream) {
        Message message;
        try {
            message = new Message(wire);
        } catch (IOException | RuntimeException e) {
            throw new CompletionException(new UpstreamException("parse response of", upstream, e));
        }
        Record answered = message.getQuestion();
        boolean same = answered != null
                && answered.getName().equals(question.getName())
                && answered.getType() == question.getType()
                && answered.getDClass() == question.getDClass()
                && message.getHeader().getFlag(Flags.QR);
        if (!same) {
            throw new CompletionException(
                    new UpstreamException("check response of", upstream, "it does not answer the question asked"));
        }
        return new UpstreamAnswer(wire, message);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** One forwarded question and where its outcome goes. */
    private static final class Question {
        final byte[] query;
        final Record question;
        final Transport transport;
        final CompletableFuture<UpstreamAnswer> result;

        Question(byte[] query, Record question, Transport transport, CompletableFuture<UpstreamAnswer> result) {
            this.query = query;
            this.question = question;
            this.transport = transport;
            this.result = result;
        }
    }
}
