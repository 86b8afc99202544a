package io.shoal.dns.placement;

import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Commands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's {@code dig} inside a test namespace against 127.0.0.11 and reads its output. */
final class Dig {
    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern QUERY_TIME = Pattern.compile(";; Query time: (\\d+) msec");

    private Dig() {}

    /** {@code dig @127.0.0.11 ARGS} in {@code namespace}, one try, with a three-second timeout unless ARGS say else. */
    static Result ask(NetworkNamespace namespace, String... args) throws IOException, InterruptedException {
        return askServer(namespace, "127.0.0.11", args);
    }

    /** {@code dig @SERVER ARGS} in {@code namespace}. */
    static Result askServer(NetworkNamespace namespace, String server, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "ip", "netns", "exec", namespace.name().orElseThrow(), "dig", "@" + server, "+tries=1", "+time=3"));
        command.addAll(List.of(args));
        return parse(Commands.run(command.toArray(String[]::new)));
    }

    static Result parse(String output) {
        List<String> answers = new ArrayList<>();
        boolean inAnswer = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith(";; ANSWER SECTION:")) {
                inAnswer = true;
            } else if (inAnswer && (line.isBlank() || line.startsWith(";;"))) {
                inAnswer = false;
            } else if (inAnswer) {
                answers.add(line);
            }
        }
        return new Result(find(STATUS, output), " " + find(FLAGS, output) + " ", answers, queryMillis(output), output);
    }

    private static String find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static long queryMillis(String output) {
        String millis = find(QUERY_TIME, output);
        return millis.isEmpty() ? -1 : Long.parseLong(millis);
    }

    /** What dig printed: the status, the header flags, the answer lines, and everything. */
    record Result(String status, String flags, List<String> answers, long queryMillis, String output) {
        boolean hasFlag(String flag) {
            return flags.contains(" " + flag + " ");
        }

        /** The data of each answer line (its last field). */
        List<String> data() {
            return answers.stream()
                    .map(line -> {
                        String[] fields = WHITESPACE.split(line.strip(), -1);
                        return fields[fields.length - 1];
                    })
                    .toList();
        }

        /** The TTL of each answer line. */
        List<Long> ttls() {
            return answers.stream()
                    .map(line -> Long.parseLong(WHITESPACE.split(line, -1)[1]))
                    .toList();
        }
    }
}
