package io.shoal.ipam;

import io.shoal.spi.DriverContext;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.IpamDriver;
import io.shoal.spi.ipam.IpamDriverProvider;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;

/**
 * Makes the {@link DefaultIpamDriver}, type {@value DefaultIpamDriver#TYPE}. From the {@link DriverContext}:
 *
 * <ul>
 *   <li>settings {@value IpamConfig#DEFAULT_ADDRESS_POOLS} and {@value IpamConfig#CHECK_HOST_ROUTES} (see {@link
 *       IpamConfig#fromSettings});
 *   <li>service {@link HostRoutes}, required unless {@value IpamConfig#CHECK_HOST_ROUTES} is {@code false};
 *   <li>service {@link DataSource}, the engine's SQLite database, when it shares one; otherwise the driver keeps its
 *       own file {@value #STORE_FILE} in its state directory;
 *   <li>service {@link Lock}, with the {@link DataSource}, when the data source hands out one connection that the
 *       engine's other stores use too: the store holds it around each transaction and read (otherwise a lock of its
 *       own).
 *   <li>service {@link DeferredWrites}, optional, with the {@link Lock}: where address writes wait during the engine's
 *       unit of work (one operation's writes in one transaction).
 *   <li>service {@link io.shoal.spi.DriverStore}, optional: where the references of shared pools are kept ({@link
 *       io.shoal.spi.ipam.PoolSharing}; the remote plugin hands over its own records), so that they survive a restart.
 * </ul>
 */
public final class DefaultIpamProvider implements IpamDriverProvider {
    /** The store file used when the engine hands over no {@link DataSource}. */
    public static final String STORE_FILE = "ipam.db";

    @Override
    public String type() {
        return DefaultIpamDriver.TYPE;
    }

    @Override
    public IpamDriver create(DriverContext context) {
        IpamConfig config = IpamConfig.fromSettings(context.config());
        HostRoutes routes = config.checkHostRoutes() ? context.requireService(HostRoutes.class) : HostRoutes.none();
        Optional<Lock> shared = context.service(Lock.class);
        IpamStore store = context.service(DataSource.class)
                .map(source -> shared.map(lock -> SqliteIpamStore.open(source, lock)
                                .deferringTo(
                                        context.service(DeferredWrites.class).orElse(DeferredWrites.NONE)))
                        .orElseGet(() -> SqliteIpamStore.open(source)))
                .orElseGet(() -> SqliteIpamStore.open(context.stateDirectory().resolve(STORE_FILE)));
        try {
            return DefaultIpamDriver.open(store, config, routes, context.service(io.shoal.spi.DriverStore.class));
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
