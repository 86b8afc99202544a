package io.shoal.netlink;

import java.util.Objects;
import java.util.Optional;
import jnr.constants.platform.Errno;

/**
 * A kernel call that failed: the operation ({@code RTM_NEWLINK}, {@code setns}), the object it named ({@code veth
 * shoal0a}, {@code /run/netns/web}), the errno, and the kernel's extended-ACK text when it sent one. The message reads
 * like {@code RTM_NEWLINK veth shoal0a: EEXIST (File exists)}.
 *
 * <p>{@link #of} returns the subclass that says what the errno means to a caller, so callers catch meaning rather than
 * compare numbers.
 */
public class KernelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String object;
    private final int errno;
    private final String extendedAck;

    protected KernelException(String operation, String object, int errno, String extendedAck) {
        super(describe(operation, object, errno, extendedAck));
        this.operation = Objects.requireNonNull(operation, "operation");
        this.object = Objects.requireNonNull(object, "object");
        this.errno = errno;
        this.extendedAck = extendedAck == null ? "" : extendedAck;
    }

    /** The typed exception for {@code errno}; {@code extendedAck} may be null or empty. */
    public static KernelException of(String operation, String object, int errno, String extendedAck) {
        // Compare numbers, not constants: jnr-constants returns one name for aliases such as ENOTSUP/EOPNOTSUPP (95).
        if (is(errno, Errno.EEXIST, Errno.EADDRINUSE, Errno.EBUSY, Errno.ENOTEMPTY)) {
            return new ObjectExistsException(operation, object, errno, extendedAck);
        }
        if (is(errno, Errno.ENODEV, Errno.ENOENT, Errno.ESRCH, Errno.EADDRNOTAVAIL)) {
            return new NoSuchObjectException(operation, object, errno, extendedAck);
        }
        if (is(errno, Errno.EINVAL, Errno.ERANGE, Errno.E2BIG, Errno.ENAMETOOLONG)) {
            return new InvalidRequestException(operation, object, errno, extendedAck);
        }
        if (is(errno, Errno.EPERM, Errno.EACCES)) {
            return new PermissionDeniedException(operation, object, errno, extendedAck);
        }
        if (is(errno, Errno.EOPNOTSUPP, Errno.EAFNOSUPPORT, Errno.EPROTONOSUPPORT)) {
            return new UnsupportedByKernelException(operation, object, errno, extendedAck);
        }
        return new KernelException(operation, object, errno, extendedAck);
    }

    /** The kernel request or system call, e.g. {@code RTM_NEWLINK} or {@code setns}. */
    public String operation() {
        return operation;
    }

    /** What the call named, e.g. {@code veth shoal0a}. */
    public String object() {
        return object;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** The errno as a constant; {@code __UNKNOWN_CONSTANT__} for a value jnr-constants does not know. */
    public Errno errnoConstant() {
        return Errno.valueOf(errno);
    }

    /** The kernel's extended-ACK message (NLMSGERR_ATTR_MSG), or empty. */
    public Optional<String> extendedAck() {
        return extendedAck.isEmpty() ? Optional.empty() : Optional.of(extendedAck);
    }

    private static boolean is(int errno, Errno... candidates) {
        for (Errno candidate : candidates) {
            if (candidate.intValue() == errno) {
                return true;
            }
        }
        return false;
    }

    private static String describe(String operation, String object, int errno, String extendedAck) {
        if (errno == 0) {
            // A library that reports text rather than an errno (libnftables).
            return operation + " " + object + ": " + extendedAck;
        }
        Errno e = Errno.valueOf(errno);
        String name = e.defined() ? e.name() : "errno " + errno;
        String text = e.defined() ? e.description() : "unknown error";
        StringBuilder message = new StringBuilder()
                .append(operation)
                .append(' ')
                .append(object)
                .append(": ")
                .append(name)
                .append(" (")
                .append(text)
                .append(')');
        if (extendedAck != null && !extendedAck.isEmpty()) {
            message.append(": ").append(extendedAck);
        }
        return message.toString();
    }
}
