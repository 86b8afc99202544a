package io.shoal.ipam;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A reviewable text form of SQLite tables, for golden files: each table's {@code CREATE} statement as SQLite keeps it,
 * then one {@code INSERT} per row, rows sorted by every column so the text depends only on the contents. {@link #load}
 * runs such a text into a database. Statements end with ";" at the end of a line; lines starting "--" are comments.
 */
final class SqliteDump {
    private SqliteDump() {}

    /** The tables whose names start with {@code prefix}, in the order they were created (referenced tables first). */
    static String dump(Connection connection, String prefix) throws SQLException {
        StringBuilder out = new StringBuilder();
        List<String[]> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid")) {
            while (rows.next()) {
                if (rows.getString(1).startsWith(prefix)) {
                    tables.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        for (String[] table : tables) {
            out.append(table[1]).append(";\n");
            appendRows(connection, table[0], out);
        }
        return out.toString();
    }

    private static void appendRows(Connection connection, String table, StringBuilder out) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
            }
            List<String> inserts = new ArrayList<>();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    values.add(literal(rows.getObject(i)));
                }
                inserts.add("INSERT INTO " + table + "(" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", values) + ");\n");
            }
            inserts.stream().sorted().forEach(out::append);
        }
    }

    private static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number number) {
            return Long.toString(number.longValue());
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** Runs every statement of {@code text} (a dump) in one transaction. */
    static void load(Connection connection, String text) throws SQLException {
        StringBuilder statement = new StringBuilder();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement runner = connection.createStatement()) {
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("--")) {
                    continue;
                }
                statement.append(line).append('\n');
                if (line.endsWith(";")) {
                    runner.execute(statement.toString());
                    statement.setLength(0);
                }
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
