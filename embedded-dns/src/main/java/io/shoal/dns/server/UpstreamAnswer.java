package io.shoal.dns.server;

import org.xbill.DNS.Message;

/** An upstream server's response, parsed and checked against the question. */
final class UpstreamAnswer {
    private final byte[] wire;
    private final Message message;

    /**
     * @param wire the response as received (its ID is the one Shoal chose, not the client's)
     * @param message the same response parsed
     */
    UpstreamAnswer(byte[] wire, Message message) {
        this.wire = wire;
        this.message = message;
    }

    /** The response as received; callers copy before changing it. */
    byte[] wire() {
        return wire;
    }

    Message message() {
        return message;
    }
}
