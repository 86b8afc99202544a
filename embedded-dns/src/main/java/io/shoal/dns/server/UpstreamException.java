package io.shoal.dns.server;

import java.net.InetSocketAddress;

/** An exchange with an upstream server failed: it timed out, could not be sent, or answered something else. */
public final class UpstreamException extends Exception {
    private static final long serialVersionUID = 1L;

    UpstreamException(String operation, InetSocketAddress upstream, String problem) {
        super(operation + " " + upstream.getAddress().getHostAddress() + ":" + upstream.getPort() + ": " + problem);
    }

    UpstreamException(String operation, InetSocketAddress upstream, Throwable cause) {
        super(
                operation + " " + upstream.getAddress().getHostAddress() + ":" + upstream.getPort() + ": "
                        + cause.getMessage(),
                cause);
    }
}
