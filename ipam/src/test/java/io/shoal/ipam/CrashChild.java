package io.shoal.ipam;

import io.shoal.net.IpAddresses;
import io.shoal.spi.DriverException;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.PoolRequest;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The process {@link CrashTest} kills. Opens the store, makes pool {@value #POOL} if it is not there, and allocates
 * from two threads until killed, now and then releasing an address it holds. It prints {@code + ADDRESS} after an
 * allocation returned (so it is committed) and {@code - ADDRESS} before it releases one (as the engine forgets an
 * endpoint before releasing its address), flushing each line.
 */
public final class CrashChild {
    static final String POOL = "local/10.7.0.0/16";

    private CrashChild() {}

    public static void main(String[] args) throws InterruptedException {
        DefaultIpamDriver driver = DefaultIpamDriver.open(
                SqliteIpamStore.open(Path.of(args[0])), IpamConfig.defaults(), HostRoutes.none());
        if (driver.pools().isEmpty()) {
            driver.requestPool(PoolRequest.builder("local")
                    .subnet("10.7.0.0/16")
                    .owner("crash")
                    .build());
        }
        PrintStream out = System.out;
        out.println("ready");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Random random = new Random(t);
            Thread thread = new Thread(() -> allocateForever(driver, out, random));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void allocateForever(DefaultIpamDriver driver, PrintStream out, Random random) {
        List<InetAddress> held = new ArrayList<>();
        while (true) {
            if (!held.isEmpty() && random.nextInt(4) == 0) {
                InetAddress gone = held.remove(random.nextInt(held.size()));
                line(out, "- " + IpAddresses.format(gone));
                driver.releaseAddress(POOL, gone);
            } else {
                try {
                    InetAddress got = driver.requestAddress(AddressRequest.next(POOL))
                            .address()
                            .address();
                    held.add(got);
                    line(out, "+ " + IpAddresses.format(got));
                } catch (DriverException e) {
                    line(out, "! " + e.getMessage());
                    return;
                }
            }
        }
    }

    private static void line(PrintStream out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
