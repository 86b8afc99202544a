package io.shoal.bench.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * One figure of one engine, as a line of the results file: {@code ENGINE<TAB>METRIC<TAB>VALUE<TAB>SECOND<TAB>UNIT},
 * where SECOND is a second figure of the same metric (the p90 of a latency; {@code -} when there is none).
 */
public record Result(String engine, String metric, double value, Optional<Double> second, String unit) {
    /** A latency: median and p90 in milliseconds. */
    public static Result latency(String engine, String metric, double medianMillis, double p90Millis) {
        return new Result(engine, metric, medianMillis, Optional.of(p90Millis), "ms");
    }

    public String toLine() {
        return String.join(
                "\t", engine, metric, number(value), second.map(Result::number).orElse("-"), unit);
    }

    /**
     * Parses a line written by {@link #toLine()} (or by bench/engine-compare.sh).
     *
     * @throws IllegalArgumentException the line has not five tab-separated fields with numbers where they belong
     */
    public static Result parse(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 5) {
            throw new IllegalArgumentException("not a result line (5 tab-separated fields): " + line);
        }
        try {
            Optional<Double> second = fields[3].equals("-") ? Optional.empty() : Optional.of(Double.valueOf(fields[3]));
            return new Result(fields[0], fields[1], Double.parseDouble(fields[2]), second, fields[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in result line: " + line, e);
        }
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
