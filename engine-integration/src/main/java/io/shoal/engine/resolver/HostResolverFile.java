package io.shoal.engine.resolver;

import io.shoal.dns.placement.ResolvConf;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The file shoald reads as the host's resolver configuration (resolv.conf(5)) for every container: the resolver's
 * upstreams, the default bridge's and {@code host} mode's {@code /etc/resolv.conf}. Chosen once, at shoald's start, by
 * Docker's rule (moby, libnetwork/resolvconf {@code Path()}, decided once per dockerd and logged at info level):
 *
 * <ul>
 *   <li>when {@code /etc/resolv.conf} names exactly one nameserver and it is systemd-resolved's stub 127.0.0.53,
 *       {@code /run/systemd/resolve/resolv.conf}: the file systemd-resolved writes with the upstream servers it
 *       uses itself (systemd-resolved.service(8), "/etc/resolv.conf"). The stub is on the host's loopback, which no
 *       container namespace reaches, so without this every outside name would get SERVFAIL in a container;
 *   <li>otherwise {@code /etc/resolv.conf}: also when the stub is listed beside another server, or another loopback
 *       address is the only one, or the file is absent.
 * </ul>
 *
 * <p>As in Docker, the systemd file is not required to exist: a missing one reads as empty later, and containers then
 * get what an empty host file gives (the default bridge Docker's fallback servers, the embedded resolver no upstream).
 *
 * @param path the file to read
 * @param systemdResolved whether it is systemd-resolved's file, chosen over the stub-only host file
 */
public record HostResolverFile(Path path, boolean systemdResolved) {
    /** The host's resolver configuration. */
    public static final Path ETC_RESOLV_CONF = Path.of("/etc/resolv.conf");

    /** The file systemd-resolved keeps with its upstream servers (systemd-resolved.service(8)). */
    public static final Path SYSTEMD_RESOLVED_UPSTREAMS = Path.of("/run/systemd/resolve/resolv.conf");

    /** systemd-resolved's stub listener address (systemd-resolved.service(8)). */
    private static final byte[] STUB = {127, 0, 0, 53};

    public HostResolverFile {
        Objects.requireNonNull(path, "path");
    }

    /** {@link #choose(Path, Path)} on the production paths. */
    public static HostResolverFile choose() throws EngineException {
        return choose(ETC_RESOLV_CONF, SYSTEMD_RESOLVED_UPSTREAMS);
    }

    /**
     * Chooses between {@code hostFile} ({@code /etc/resolv.conf}) and {@code systemdFile} by the rule in the class
     * comment; only {@code hostFile} is read.
     *
     * @throws EngineException INTERNAL when {@code hostFile} exists but cannot be read (shoald cannot start then:
     *     every container start would read it)
     */
    public static HostResolverFile choose(Path hostFile, Path systemdFile) throws EngineException {
        String text;
        try {
            text = Files.readString(hostFile);
        } catch (NoSuchFileException e) {
            return new HostResolverFile(hostFile, false);
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL, "cannot read the host's resolver configuration " + hostFile + ": " + e, e);
        }
        List<InetAddress> nameservers = ResolvConf.parse(text).nameservers();
        boolean stubOnly = nameservers.size() == 1
                && nameservers.get(0) instanceof Inet4Address
                && Arrays.equals(nameservers.get(0).getAddress(), STUB);
        return stubOnly ? new HostResolverFile(systemdFile, true) : new HostResolverFile(hostFile, false);
    }

    /** The start's log line: which file, and why when it is systemd-resolved's. */
    public String describe() {
        return systemdResolved
                ? "the host's resolver configuration: " + path
                        + " (/etc/resolv.conf lists only systemd-resolved's stub "
                        + "127.0.0.53, which containers cannot reach; Docker's choice too)"
                : "the host's resolver configuration: " + path;
    }
}
