package io.shoal.engine.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drivers' table, {@code driver_state}, against a golden dump ({@code golden/driver-state.sql}: its schema and its
 * rows as SQL). {@link #todaysCodeWritesWhatTheGoldenDumpHolds}: a change to the table or to how a record is stored
 * fails here ({@code -Dshoal.golden.update=true} rewrites the file after a deliberate change: review the diff, and keep
 * what older stores hold readable). {@link #aStoreWrittenByThisFormatGivesBackEveryRecord}: the committed dump, loaded
 * into a fresh database, is read back whole by today's code. What the values mean is each driver's own format, with
 * golden files of its own.
 */
class SqliteDriverStoreGoldenTest {
    private static final String GOLDEN = "golden/driver-state.sql";

    @TempDir
    Path dir;

    @Test
    void todaysCodeWritesWhatTheGoldenDumpHolds() throws Exception {
        Path db = dir.resolve("written.db");
        try (SqliteDriverStore bridge = SqliteDriverStore.open(db, "bridge");
                SqliteDriverStore macvlan = SqliteDriverStore.open(db, "macvlan")) {
            bridgeRecords().forEach(bridge::put);
            macvlanRecords().forEach(macvlan::put);
            bridge.put("network/gone", "removed before the dump");
            bridge.remove("network/gone");
        }
        String written = header() + dump(db);
        if (Boolean.getBoolean("shoal.golden.update")) {
            Path source = Path.of("src/test/resources").resolve(GOLDEN);
            Files.writeString(source, written);
            assertThat(Files.readString(source)).isEqualTo(written);
            return;
        }
        assertThat(written).isEqualTo(golden());
    }

    @Test
    void aStoreWrittenByThisFormatGivesBackEveryRecord() throws Exception {
        Path db = dir.resolve("restored.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            for (String sql : golden().split(";\n", -1)) {
                String body = sql.lines().filter(line -> !line.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
                if (!body.isBlank()) {
                    statement.execute(body);
                }
            }
        }
        try (SqliteDriverStore bridge = SqliteDriverStore.open(db, "bridge");
                SqliteDriverStore macvlan = SqliteDriverStore.open(db, "macvlan")) {
            assertThat(bridge.list("")).isEqualTo(bridgeRecords());
            assertThat(macvlan.list("")).isEqualTo(macvlanRecords());
            assertThat(bridge.get("network/0123456789ab"))
                    .contains(bridgeRecords().get("network/0123456789ab"));
            assertThat(bridge.list("endpoint/")).hasSize(1);
        }
    }

    /** Keys and values of the shapes the drivers write: multi-line records, and characters SQL treats specially. */
    private static Map<String, String> bridgeRecords() {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("endpoint/0123456789ab/e1", "network=0123456789ab\nipv4=10.78.0.2/24\nphase=JOINED\n");
        records.put("network/0123456789ab", "name=web\nbridge=br-0123456789ab\nmtu=1500\nphase=READY\n");
        records.put("network/b%_'quote", "name=it's \"odd\"; -- not a comment\n");
        return records;
    }

    private static Map<String, String> macvlanRecords() {
        Map<String, String> records = new LinkedHashMap<>();
        records.put("network/0123456789ab", "name=lan\nparent=eth0.20\nmode=bridge\nunicode=réseau\n");
        return records;
    }

    /** The schema as SQLite keeps it, then the rows sorted by driver and key, one INSERT each. */
    private static String dump(Path db) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            try (ResultSet schema = statement.executeQuery(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'driver_state'")) {
                out.append(schema.getString(1)).append(";\n");
            }
            try (ResultSet rows =
                    statement.executeQuery("SELECT driver, key, value FROM driver_state ORDER BY driver, key")) {
                while (rows.next()) {
                    out.append("INSERT INTO driver_state (driver, key, value) VALUES (")
                            .append(quote(rows.getString(1)))
                            .append(", ")
                            .append(quote(rows.getString(2)))
                            .append(", ")
                            .append(quote(rows.getString(3)))
                            .append(");\n");
                }
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String header() {
        return "-- The drivers' records as SqliteDriverStore writes them (engine-integration); see"
                + " SqliteDriverStoreGoldenTest.\n";
    }

    private static String golden() throws IOException {
        try (InputStream in = SqliteDriverStoreGoldenTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in)
                    .as("golden file %s (write it with -Dshoal.golden.update=true)", GOLDEN)
                    .isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
