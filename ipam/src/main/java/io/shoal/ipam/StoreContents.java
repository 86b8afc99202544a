package io.shoal.ipam;

import java.util.List;

/** Everything the store holds, read once when the driver opens. */
public record StoreContents(List<StoredPool> pools, List<StoredAddress> addresses) {
    public StoreContents {
        pools = List.copyOf(pools);
        addresses = List.copyOf(addresses);
    }
}
