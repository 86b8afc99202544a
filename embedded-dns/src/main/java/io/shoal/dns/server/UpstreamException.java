package io.shoal.dns.server;

import io.shoal.net.IpAddresses;
import java.net.InetSocketAddress;

/** An exchange with an upstream server failed: it timed out, could not be sent, or answered something else. */
public final class UpstreamException extends Exception {
    private static final long serialVersionUID = 1L;

    UpstreamException(String operation, InetSocketAddress upstream, String problem) {
        super(operation + " " + IpAddresses.format(upstream.getAddress()) + ":" + upstream.getPort() + ": " + problem);
    }

    UpstreamException(String operation, InetSocketAddress upstream, Throwable cause) {
        super(
                operation + " " + IpAddresses.format(upstream.getAddress()) + ":" + upstream.getPort() + ": "
                        + cause.getMessage(),
                cause);
    }
}
