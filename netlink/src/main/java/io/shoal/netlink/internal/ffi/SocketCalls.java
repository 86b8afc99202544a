package io.shoal.netlink.internal.ffi;

import io.shoal.netlink.KernelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The system calls behind an AF_NETLINK socket: socket(2), bind(2), getsockname(2), setsockopt(2), sendto(2),
 * recvfrom(2) and close(2). Every failure becomes a {@link KernelException} naming the call and the socket.
 *
 * <p>Buffers must be direct: jnr-ffi then hands the kernel the buffer's address at its position, with no copy.
 */
public final class SocketCalls {
    /** {@code AF_NETLINK} from {@code <sys/socket.h>}. */
    public static final int AF_NETLINK = 16;
    /** {@code NETLINK_ROUTE} from {@code <linux/netlink.h>}. */
    public static final int NETLINK_ROUTE = 0;
    /** {@code NETLINK_NETFILTER} from {@code <linux/netlink.h>}: nfnetlink (conntrack, nftables, queues). */
    public static final int NETLINK_NETFILTER = 12;
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = 1;
    /** {@code SO_SNDBUF}. */
    public static final int SO_SNDBUF = 7;
    /** {@code SO_RCVBUF}. */
    public static final int SO_RCVBUF = 8;
    /** {@code SOL_NETLINK}. */
    public static final int SOL_NETLINK = 270;
    /** {@code NETLINK_CAP_ACK}: error messages carry only the request's header, not its whole body. */
    public static final int NETLINK_CAP_ACK = 10;
    /** {@code NETLINK_EXT_ACK}: error messages carry the kernel's explanation (NLMSGERR_ATTR_MSG). */
    public static final int NETLINK_EXT_ACK = 11;
    /** {@code NETLINK_GET_STRICT_CHK}: the kernel validates dump requests strictly and honours their filters. */
    public static final int NETLINK_GET_STRICT_CHK = 12;

    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_TRUNC = 0x20;
    /** {@code struct sockaddr_nl}: family (u16), padding (u16), port id (u32), groups (u32). */
    private static final int SOCKADDR_NL_SIZE = 12;

    /** The C functions used; public only because jnr-ffi generates an implementation of it. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, @In ByteBuffer address, int addressLength);

        @SaveError
        int getsockname(int fd, @Out ByteBuffer address, IntByReference addressLength);

        @SaveError
        int setsockopt(int fd, int level, int option, @In IntByReference value, int valueLength);

        @SaveError
        @ssize_t
        long sendto(int fd, @In ByteBuffer buffer, @size_t long length, int flags, Pointer to, int toLength);

        @SaveError
        @ssize_t
        long recvfrom(int fd, @Out ByteBuffer buffer, @size_t long length, int flags, Pointer from, Pointer fromLength);

        @SaveError
        int listen(int fd, int backlog);

        @SaveError
        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private SocketCalls() {}

    /** Opens a close-on-exec raw netlink socket of {@code protocol} (e.g. {@link #NETLINK_ROUTE}); returns its fd. */
    public static int openNetlinkSocket(int protocol) throws KernelException {
        int fd = LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw failure("socket", "AF_NETLINK protocol " + protocol);
        }
        return fd;
    }

    /**
     * Opens a close-on-exec socket of {@code domain} ({@code AF_INET} 2, {@code AF_INET6} 10), {@code type} and
     * {@code protocol}; {@code object} names it in errors.
     */
    public static int openSocket(int domain, int type, int protocol, String object) throws KernelException {
        int fd = LIBC.socket(domain, type | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw failure("socket", object);
        }
        return fd;
    }

    /** setsockopt(2) with an {@code int} value on any socket; {@code object} names the socket in errors. */
    public static void setIntOption(int fd, int level, int option, int value, String optionName, String object)
            throws KernelException {
        if (LIBC.setsockopt(fd, level, option, new IntByReference(value), Integer.BYTES) < 0) {
            throw failure("setsockopt", optionName + " on " + object);
        }
    }

    /**
     * Binds an IPv4 or IPv6 socket to {@code address} (4 or 16 bytes, network order) and {@code port}
     * ({@code struct sockaddr_in}/{@code sockaddr_in6}, ip(7), ipv6(7)).
     */
    public static void bindInet(int fd, byte[] address, int port, String object) throws KernelException {
        boolean v6 = address.length == 16;
        int size = v6 ? 28 : 16;
        ByteBuffer sockaddr = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        sockaddr.putShort(0, (short) (v6 ? 10 : 2));
        sockaddr.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port);
        sockaddr.position(v6 ? 8 : 4);
        sockaddr.put(address);
        sockaddr.position(0);
        if (LIBC.bind(fd, sockaddr, size) < 0) {
            throw failure("bind", object);
        }
    }

    /** listen(2). */
    public static void listen(int fd, int backlog, String object) throws KernelException {
        if (LIBC.listen(fd, backlog) < 0) {
            throw failure("listen", object);
        }
    }

    /** Closes any socket; per close(2) the descriptor is released even when this reports an error. */
    public static void close(int fd, String object) throws KernelException {
        if (LIBC.close(fd) < 0 && lastErrno() != Errno.EINTR.intValue()) {
            throw failure("close", object);
        }
    }

    /** Binds {@code fd} to {@code portId} (0: the kernel picks one) and multicast {@code groups}. */
    public static void bind(int fd, int portId, int groups) throws KernelException {
        ByteBuffer address = ByteBuffer.allocateDirect(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
        address.putShort(0, (short) AF_NETLINK).putInt(4, portId).putInt(8, groups);
        if (LIBC.bind(fd, address, SOCKADDR_NL_SIZE) < 0) {
            throw failure("bind", "netlink socket " + fd);
        }
    }

    /** The port id the kernel gave {@code fd} (getsockname(2)). */
    public static int portId(int fd) throws KernelException {
        ByteBuffer address = ByteBuffer.allocateDirect(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
        IntByReference length = new IntByReference(SOCKADDR_NL_SIZE);
        if (LIBC.getsockname(fd, address, length) < 0) {
            throw failure("getsockname", "netlink socket " + fd);
        }
        return address.getInt(4);
    }

    /** setsockopt(2) with an {@code int} value; {@code optionName} names it in errors. */
    public static void setIntOption(int fd, int level, int option, int value, String optionName)
            throws KernelException {
        if (LIBC.setsockopt(fd, level, option, new IntByReference(value), Integer.BYTES) < 0) {
            throw failure("setsockopt", optionName + " on netlink socket " + fd);
        }
    }

    /** Sends the bytes between {@code message}'s position and limit to the kernel (port 0) as one datagram. */
    public static void send(int fd, ByteBuffer message) throws KernelException {
        requireDirect(message);
        while (true) {
            long sent = LIBC.sendto(fd, message, message.remaining(), 0, null, 0);
            if (sent >= 0) {
                return;
            }
            if (lastErrno() != Errno.EINTR.intValue()) {
                throw failure("sendto", "netlink socket " + fd);
            }
        }
    }

    /**
     * Receives one datagram into {@code buffer} (cleared first) and leaves it flipped for reading. Returns the
     * datagram's full length, which exceeds the buffer's capacity when the datagram was truncated (MSG_TRUNC).
     */
    public static int receive(int fd, ByteBuffer buffer) throws KernelException {
        requireDirect(buffer);
        buffer.clear();
        while (true) {
            long received = LIBC.recvfrom(fd, buffer, buffer.capacity(), MSG_TRUNC, null, null);
            if (received >= 0) {
                buffer.limit((int) Math.min(received, buffer.capacity()));
                return (int) received;
            }
            if (lastErrno() != Errno.EINTR.intValue()) {
                throw failure("recvfrom", "netlink socket " + fd);
            }
        }
    }

    /** Closes {@code fd}; per close(2) the descriptor is released even when this reports an error. */
    public static void close(int fd) throws KernelException {
        if (LIBC.close(fd) < 0 && lastErrno() != Errno.EINTR.intValue()) {
            throw failure("close", "netlink socket " + fd);
        }
    }

    private static void requireDirect(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("netlink buffers must be direct ByteBuffers");
        }
    }

    private static int lastErrno() {
        return RUNTIME.getLastError();
    }

    private static KernelException failure(String call, String object) {
        return KernelException.of(call, object, lastErrno(), null);
    }
}
