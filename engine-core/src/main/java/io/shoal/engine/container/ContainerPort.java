package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.Locale;
import java.util.Objects;

/**
 * A container port with its protocol, Docker's {@code "80/tcp"} key ({@code ExposedPorts}, {@code PortBindings},
 * {@code NetworkSettings.Ports}). Protocol {@code tcp}, {@code udp} or {@code sctp}; port 1–65535.
 */
public record ContainerPort(int port, String protocol) {
    public ContainerPort {
        Objects.requireNonNull(protocol, "protocol");
    }

    /**
     * Parses {@code "80/tcp"}, {@code "53/udp"} or {@code "80"} (tcp).
     *
     * @throws EngineException INVALID_ARGUMENT for anything else, naming the text
     */
    public static ContainerPort parse(String text) throws EngineException {
        int slash = text.indexOf('/');
        String number = slash < 0 ? text : text.substring(0, slash);
        String protocol = slash < 0 ? "tcp" : text.substring(slash + 1).toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid proto '" + protocol + "' in port " + text);
        }
        try {
            int port = Integer.parseInt(number);
            if (port >= 1 && port <= 65535) {
                return new ContainerPort(port, protocol);
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new EngineException(
                ErrorKind.INVALID_ARGUMENT, "invalid container port '" + text + "': 1-65535 expected");
    }

    /** Docker's key text, {@code "80/tcp"}. */
    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}
