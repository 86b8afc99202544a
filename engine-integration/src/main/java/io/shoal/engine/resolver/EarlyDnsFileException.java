package io.shoal.engine.resolver;

/** An early DNS side file that cannot be read: the text is not what {@link EarlyDnsFile#encode} writes. */
public final class EarlyDnsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code problem} names the line (1-based) and what is wrong with it. */
    public EarlyDnsFileException(String problem) {
        super(problem);
    }
}
