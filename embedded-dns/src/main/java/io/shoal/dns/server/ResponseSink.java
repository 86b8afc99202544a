package io.shoal.dns.server;

/** Where {@link QueryResponder} puts the outcome of one query; called once, possibly on another thread. */
interface ResponseSink {
    /** Sends {@code response}, already sized for the transport. */
    void send(byte[] response);

    /** The query gets no answer (too short for a header, or not a query at all). */
    void drop();
}
