package io.shoal.engine.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDriverStoreTest {
    @TempDir
    Path dir;

    @Test
    void keepsEachDriversRecordsAcrossReopening() {
        Path db = dir.resolve("shoal.db");
        try (SqliteDriverStore bridge = SqliteDriverStore.open(db, "bridge");
                SqliteDriverStore macvlan = SqliteDriverStore.open(db, "macvlan")) {
            bridge.put("network/a", "one");
            bridge.put("network/a", "two");
            bridge.put("network/b%_", "three");
            bridge.put("endpoint/a/x", "four");
            macvlan.put("network/a", "other driver");
            bridge.remove("network/missing");
        }
        try (SqliteDriverStore bridge = SqliteDriverStore.open(db, "bridge")) {
            assertThat(bridge.get("network/a")).contains("two");
            assertThat(bridge.list("network/")).containsOnlyKeys("network/a", "network/b%_");
            assertThat(bridge.list("network/b%")).containsOnlyKeys("network/b%_");
            bridge.remove("network/a");
            assertThat(bridge.get("network/a")).isEmpty();
            assertThat(bridge.list("")).hasSize(2);
        }
    }
}
