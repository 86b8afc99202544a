package io.shoal.netlink.wire;

/** A received netlink message that does not parse: a length that overruns its buffer or a short attribute. */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A message naming what was wrong. */
    public MalformedMessageException(String message) {
        super(message);
    }
}
