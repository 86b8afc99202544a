package io.shoal.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The standard input of one process that keeps it open ({@code OpenStdin}, or an exec with {@code AttachStdin}), fed
 * by the clients attached to it, as dockerd does (moby {@code container/stream/attach.go}): each attach's stream is
 * copied on a thread of its own into the {@link StdinPipe} of the current run, or of the next run when the container
 * is not running yet ({@code docker run -i} and {@code docker start -ai} attach before the start). When a client's
 * stream ends:
 *
 * <ul>
 *   <li>with {@code closeAtEnd} ({@code StdinOnce} without a TTY, and an exec without a TTY) the process's stdin is
 *       closed (EOF), while the client keeps receiving output until the process exits;
 *   <li>otherwise that attach ends ({@code detach}: its output stops) and stdin stays open for the next client.
 * </ul>
 *
 * <p>With a TTY the client's stream is scanned for the detach keys (ctrl-p ctrl-q unless set otherwise): the keys are
 * not passed on, and the attach ends with stdin left open.
 */
final class ContainerStdin {
    private static final Logger LOG = Logger.getLogger(ContainerStdin.class.getName());

    /** Docker's default detach keys: ctrl-p, ctrl-q. */
    static final byte[] DEFAULT_DETACH_KEYS = {0x10, 0x11};

    private StdinPipe pipe;
    private boolean taken;

    /** A run begins: its stdin, with what clients attached before the start have sent. */
    synchronized StdinPipe beginRun() {
        if (pipe == null || taken) {
            pipe = new StdinPipe();
        }
        taken = true;
        return pipe;
    }

    /** The run ended (or its start failed): its stdin is closed; clients copying into it stop. */
    synchronized void endRun() {
        if (pipe != null && taken) {
            pipe.close();
            pipe = null;
            taken = false;
        }
    }

    private synchronized StdinPipe target() {
        if (pipe == null) {
            pipe = new StdinPipe();
            taken = false;
        }
        return pipe;
    }

    /**
     * Copies {@code client} into the current (or next) run's stdin on {@code executor}, until it ends or the run
     * ends. {@code detachKeys} are scanned for when present; {@code detach} ends the client's attach.
     */
    void attach(
            InputStream client, boolean closeAtEnd, Optional<byte[]> detachKeys, Runnable detach, Executor executor) {
        StdinPipe into = target();
        executor.execute(() -> copy(client, into, closeAtEnd, detachKeys, detach));
    }

    /** The copy of one client's stream (see the class comment); runs until the stream or the pipe ends. */
    static void copy(
            InputStream client, StdinPipe into, boolean closeAtEnd, Optional<byte[]> detachKeys, Runnable detach) {
        Outcome outcome = Outcome.GONE;
        try {
            outcome = detachKeys.isPresent() ? copyEscapable(client, into, detachKeys.get()) : copyAll(client, into);
        } catch (IOException e) {
            LOG.log(Level.FINE, "an attached stdin ended", e);
        }
        if (outcome == Outcome.EOF && closeAtEnd) {
            into.endInput();
            return;
        }
        if (closeAtEnd) {
            // The client left without an EOF: as dockerd, its stdin is closed all the same.
            into.endInput();
        }
        detach.run();
    }

    private enum Outcome {
        /** The client's stream ended. */
        EOF,
        /** The client typed the detach keys. */
        DETACHED,
        /** The client's connection or the run's stdin failed. */
        GONE
    }

    private static Outcome copyAll(InputStream client, StdinPipe into) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = client.read(buffer)) >= 0) {
            into.write(buffer, 0, n);
        }
        return Outcome.EOF;
    }

    /**
     * Copies while matching {@code keys}: bytes that may begin the sequence are held back until it is complete (the
     * client detaches; they are dropped) or broken (they are passed on), as moby's {@code copyEscapable}.
     */
    private static Outcome copyEscapable(InputStream client, StdinPipe into, byte[] keys) throws IOException {
        byte[] buffer = new byte[8192];
        byte[] out = new byte[8192 + keys.length];
        int matched = 0;
        int n;
        while ((n = client.read(buffer)) >= 0) {
            int length = 0;
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == keys[matched]) {
                    matched++;
                    if (matched == keys.length) {
                        into.write(out, 0, length);
                        return Outcome.DETACHED;
                    }
                    continue;
                }
                if (matched > 0) {
                    System.arraycopy(keys, 0, out, length, matched);
                    length += matched;
                    matched = 0;
                    if (b == keys[0]) {
                        matched = 1;
                        continue;
                    }
                }
                out[length++] = b;
            }
            into.write(out, 0, length);
        }
        return Outcome.EOF;
    }

    /**
     * Docker's detach-keys syntax ({@code --detach-keys}, moby {@code pkg/term.ToBytes}): comma-separated keys, each a
     * single character or {@code ctrl-X} with X one of {@code a-z @ [ \ ] ^ _}. Empty: the default.
     *
     * @throws IllegalArgumentException naming the bad key
     */
    static byte[] parseDetachKeys(String text) {
        if (text.isEmpty()) {
            return DEFAULT_DETACH_KEYS.clone();
        }
        String[] keys = text.split(",", -1);
        byte[] bytes = new byte[keys.length];
        for (int i = 0; i < keys.length; i++) {
            bytes[i] = key(keys[i].trim());
        }
        return bytes;
    }

    private static byte key(String key) {
        if (key.length() == 1) {
            return (byte) key.charAt(0);
        }
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("ctrl-") && key.length() == 6) {
            char c = lower.charAt(5);
            if (c >= 'a' && c <= 'z') {
                return (byte) (c - 'a' + 1);
            }
            int special = "@[\\]^_".indexOf(c);
            if (special >= 0) {
                return (byte) (special == 0 ? 0 : 27 + special - 1);
            }
        }
        throw new IllegalArgumentException("Unknown character: '" + key + "'");
    }
}
