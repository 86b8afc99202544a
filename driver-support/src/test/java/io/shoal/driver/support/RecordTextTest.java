package io.shoal.driver.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordTextTest {
    /** The text records had when RecordText went through Properties.store: stored records must read the same. */
    private static String throughPropertiesStore(Map<String, String> values) throws IOException {
        Properties out = new Properties();
        out.putAll(values);
        StringWriter writer = new StringWriter();
        out.store(writer, null);
        return writer.toString()
                .lines()
                .filter(line -> !line.startsWith("#"))
                .sorted()
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static Map<String, String> awkward() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ipv4.0.pool", "10.51.0.0/24");
        values.put("ipv4.0.aux.my host", "10.51.0.9");
        values.put("ipv4.0", "sorted before its longer keys by line, not by key");
        values.put("name", " leading space, inner space and trailing space ");
        values.put("specials=:#!\\", "value with = : # ! \\ and\ttab\nnewline\rreturn\fformfeed");
        values.put("unicode", "é ü \u0001 ∑");
        values.put("empty", "");
        return values;
    }

    @Test
    void textIsWhatPropertiesStoreWroteWithoutItsDateLine() throws IOException {
        assertThat(RecordText.text(awkward())).isEqualTo(throughPropertiesStore(awkward()));
        assertThat(RecordText.text(Map.of())).isEqualTo(throughPropertiesStore(Map.of()));
    }

    @Test
    void textReadsBackAsTheSameValues() {
        Properties read = RecordText.properties(RecordText.text(awkward()), "test");
        assertThat(read).containsExactlyInAnyOrderEntriesOf(awkward());
    }

    @Test
    void equalRecordsAreEqualTextWhateverTheMapsOrder() {
        Map<String, String> reversed = new LinkedHashMap<>();
        awkward().entrySet().stream()
                .sorted(Map.Entry.<String, String>comparingByKey().reversed())
                .forEach(e -> reversed.put(e.getKey(), e.getValue()));
        assertThat(RecordText.text(reversed)).isEqualTo(RecordText.text(awkward()));
    }
}
