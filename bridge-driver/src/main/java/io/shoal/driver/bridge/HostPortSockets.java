package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.HostPort;
import io.shoal.driver.bridge.firewall.HostPorts;
import io.shoal.driver.support.KernelErrors;
import io.shoal.net.IpAddresses;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.ObjectExistsException;
import io.shoal.netlink.PortReservation;
import io.shoal.netlink.UnsupportedByKernelException;
import io.shoal.spi.DriverException;
import java.lang.System.Logger.Level;

/**
 * Reserves published host ports by binding a socket in the host namespace, as Docker does (with or without its
 * userland proxy): a host process already using the port makes publishing fail, and none can take the port while a
 * container has it. The socket is made by the namespace's own thread, so it belongs to the driver's host namespace.
 */
final class HostPortSockets implements HostPorts.Reserver {
    private static final System.Logger LOG = System.getLogger(HostPortSockets.class.getName());

    private final NetworkNamespace host;

    HostPortSockets(NetworkNamespace host) {
        this.host = host;
    }

    @Override
    public HostPorts.Reservation reserve(HostPort port) {
        PortReservation.Transport transport =
                PortReservation.Transport.valueOf(port.protocol().name());
        try {
            PortReservation socket =
                    host.callInside(() -> PortReservation.bind(transport, port.address(), port.port()));
            return () -> close(socket);
        } catch (ObjectExistsException e) {
            throw new DriverException(
                    io.shoal.spi.ErrorKind.CONFLICT,
                    "Bind for " + port + " failed: port is already in use on the host (" + e.getMessage() + ")",
                    e);
        } catch (NoSuchObjectException e) {
            throw new DriverException(
                    io.shoal.spi.ErrorKind.INVALID_ARGUMENT,
                    "Bind for " + port + " failed: " + IpAddresses.format(port.address())
                            + " is not an address of this host (" + e.getMessage() + ")",
                    e);
        } catch (UnsupportedByKernelException e) {
            // A kernel without sockets of this protocol (SCTP is a module) lets no host process hold the port either.
            return () -> {};
        } catch (KernelException e) {
            throw KernelErrors.translate("reserving host port " + port, e);
        }
    }

    private static void close(PortReservation socket) {
        try {
            socket.close();
        } catch (KernelException e) {
            // close(2) releases the descriptor even when it reports an error; the port is free either way.
            LOG.log(Level.WARNING, "closing " + socket + ": " + e.getMessage());
        }
    }
}
