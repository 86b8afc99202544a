package io.shoal.bench.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of several engines as one table: a row per metric (in the order first measured), a column per engine
 * (in the order first seen) showing "value" or "median / p90", and, with two engines, the first's value divided by
 * the second's (for latencies and memory: how many times the second is smaller; for a rate, below 1 means the second
 * is faster). A metric an engine did not report shows {@code —}.
 */
public final class SideBySide {
    private SideBySide() {}

    public static String render(List<Result> results) {
        List<String> engines = new ArrayList<>();
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, Map<String, Result>> rows = new LinkedHashMap<>();
        for (Result result : results) {
            if (!engines.contains(result.engine())) {
                engines.add(result.engine());
            }
            units.putIfAbsent(result.metric(), result.unit());
            rows.computeIfAbsent(result.metric(), m -> new LinkedHashMap<>()).put(result.engine(), result);
        }
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("metric"));
        header.addAll(engines);
        boolean ratio = engines.size() == 2;
        if (ratio) {
            header.add(engines.get(0) + " / " + engines.get(1));
        }
        table.add(header);
        rows.forEach((metric, byEngine) -> {
            List<String> row = new ArrayList<>(List.of(metric + " (" + units.get(metric) + ")"));
            for (String engine : engines) {
                row.add(Optional.ofNullable(byEngine.get(engine))
                        .map(SideBySide::cell)
                        .orElse("—"));
            }
            if (ratio) {
                Result first = byEngine.get(engines.get(0));
                Result second = byEngine.get(engines.get(1));
                row.add(
                        first == null || second == null || second.value() == 0
                                ? "—"
                                : String.format(Locale.ROOT, "%.2f", first.value() / second.value()));
            }
            table.add(row);
        });
        return markdown(table);
    }

    private static String cell(Result result) {
        return format(result.value())
                + result.second().map(p -> " / " + format(p)).orElse("");
    }

    private static String format(double value) {
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        String pattern = magnitude >= 1000 ? "%,.0f" : magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** A Markdown table, columns padded so it reads in a terminal too. */
    private static String markdown(List<List<String>> table) {
        int columns = table.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : table) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < table.size(); r++) {
            line(out, table.get(r), widths);
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                line(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            out.append(' ')
                    .append(cell)
                    .append(" ".repeat(widths[c] - cell.length()))
                    .append(" |");
        }
        out.append('\n');
    }
}
