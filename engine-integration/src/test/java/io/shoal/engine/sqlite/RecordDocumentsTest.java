package io.shoal.engine.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.shoal.engine.container.ContainerRecord;
import io.shoal.engine.container.ContainerState;
import io.shoal.engine.container.HostBinding;
import io.shoal.engine.image.ImageRecord;
import io.shoal.engine.network.EndpointPhase;
import io.shoal.engine.network.EndpointRecord;
import io.shoal.engine.network.NetworkPhase;
import io.shoal.engine.network.NetworkRecord;
import io.shoal.engine.network.PoolRecord;
import io.shoal.engine.network.PortRecord;
import io.shoal.engine.sqlite.RecordDocuments.DocumentException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine's own records (every collection of the store) against the databind mapper that wrote the stored format
 * before RecordDocuments: the same text written, each one's text read back equal, so data roots stored by an older
 * shoald restore after the upgrade.
 */
class RecordDocumentsTest {
    /** The mapper SqliteEngineStore used up to session 10 (its configuration copied from that version). */
    private static final ObjectMapper BEFORE = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private static final Instant CREATED = Instant.parse("2026-11-30T23:01:02.123456789Z");

    static ContainerRecord container(boolean full) {
        Optional<String> some = full ? Optional.of("value") : Optional.empty();
        var endpoint = new ContainerRecord.StoredEndpoint(
                full ? List.of("web", "web.1") : List.of(),
                full ? Optional.of("172.18.0.5") : Optional.empty(),
                full ? Optional.of("fd00::5") : Optional.empty(),
                full ? Optional.of("02:42:ac:12:00:05") : Optional.empty(),
                full ? Map.of("z.opt", "1", "a.opt", "2") : Map.of());
        var host = new ContainerRecord.StoredHost(
                full ? "front" : "default",
                full
                        ? Map.of("80/tcp", List.of(new HostBinding("127.0.0.1", "8080"), new HostBinding("", "")))
                        : Map.of(),
                full,
                !full,
                full ? "on-failure" : "",
                full ? 3 : 0,
                full ? List.of("10.0.0.53") : List.of(),
                full ? List.of("example.test") : List.of(),
                full ? List.of("ndots:2") : List.of(),
                full ? List.of("db:10.0.0.7") : List.of());
        var spec = new ContainerRecord.StoredSpec(
                "busybox:latest",
                List.of("sh", "-c", "echo \"quoted\" \\ and ünïcödé\n"),
                full ? List.of("/entry") : List.of(),
                List.of("PATH=/bin", "A=b=c"),
                full ? Map.of("com.example.b", "2", "com.example.a", "1") : Map.of(),
                some,
                "",
                full ? "1000:1000" : "",
                "/",
                full,
                full,
                true,
                true,
                full ? List.of("80/tcp", "53/udp") : List.of(),
                full ? Optional.of("SIGTERM") : Optional.empty(),
                full ? Optional.of(30) : Optional.empty(),
                host,
                full ? Map.of("front", endpoint, "back", endpoint) : Map.of(),
                full,
                full);
        var state = new ContainerState(
                full ? ContainerState.Status.EXITED : ContainerState.Status.CREATED,
                full ? 4_294_967_296L : 0,
                full ? -1 : 0,
                full ? Optional.of(CREATED) : Optional.empty(),
                full ? Optional.of(Instant.parse("2026-11-30T23:05:00Z")) : Optional.empty(),
                full ? "exec failed: \u0001 control" : "",
                full);
        return new ContainerRecord(
                "c".repeat(64),
                "/web",
                CREATED,
                "busybox:latest",
                "sha256:" + "b".repeat(64),
                "sh",
                List.of("-c", "sleep 1"),
                spec,
                full
                        ? List.of(
                                new ContainerRecord.Attachment("n".repeat(64), "front", endpoint, Optional.of("eth0")))
                        : List.of(),
                state,
                full ? ContainerRecord.Phase.STOPPING : ContainerRecord.Phase.IDLE,
                full ? Optional.of("/run/shoal/netns/abc") : Optional.empty(),
                full ? Map.of("80/tcp", List.of(new HostBinding("0.0.0.0", "32768"))) : Map.of(),
                full ? 7 : 0,
                full);
    }

    static NetworkRecord network(boolean full) {
        var pool = new PoolRecord(
                "LocalDefault/172.18.0.0/16",
                false,
                "172.18.0.0/16",
                full ? Optional.of("172.18.0.1") : Optional.empty(),
                full ? Optional.of("172.18.1.0/24") : Optional.empty(),
                full ? Map.of("router", "172.18.0.2", "dns", "172.18.0.3") : Map.of(),
                full);
        return new NetworkRecord(
                "n".repeat(64),
                "front",
                "bridge",
                CREATED,
                full ? NetworkPhase.READY : NetworkPhase.CREATING,
                !full,
                full,
                full,
                full,
                "default",
                full ? Map.of("b", "2", "a", "1") : Map.of(),
                full ? List.of(pool, pool) : List.of(),
                full ? Map.of("com.docker.network.bridge.name", "br-front", "a", "") : Map.of(),
                full ? Map.of("x", "y") : Map.of());
    }

    static EndpointRecord endpoint(boolean full) {
        Optional<String> some = full ? Optional.of("x") : Optional.empty();
        return new EndpointRecord(
                "e".repeat(64),
                "n".repeat(64),
                "c".repeat(64),
                "web",
                "web",
                "veth1234567",
                full ? Long.MAX_VALUE : 0,
                full ? EndpointPhase.JOINED : EndpointPhase.DELETING,
                some,
                full ? Optional.of("172.18.0.5/16") : Optional.empty(),
                some,
                full ? Optional.of("fd00::5/64") : Optional.empty(),
                some,
                full ? List.of("web", "w") : List.of(),
                full
                        ? List.of(
                                new PortRecord("tcp", Optional.of("127.0.0.1"), 8080, 80),
                                new PortRecord("udp", Optional.empty(), 0, 53))
                        : List.of());
    }

    static ImageRecord image(boolean full) {
        return new ImageRecord(
                "sha256:" + "b".repeat(64),
                full ? List.of("busybox:latest", "bb:1") : List.of(),
                Instant.EPOCH,
                full ? 1_234_567_890_123L : 0,
                full ? "imported from \"-\"" : "",
                "a".repeat(64),
                new ImageRecord.ImageDefaults(
                        full ? List.of("PATH=/bin") : List.of(),
                        full ? List.of("sh") : List.of(),
                        List.of(),
                        full ? "/srv" : "",
                        full ? Map.of("z", "1", "m", "2") : Map.of()));
    }

    private static List<Object> records() {
        return List.of(
                container(true),
                container(false),
                network(true),
                network(false),
                endpoint(true),
                endpoint(false),
                image(true),
                image(false));
    }

    @Test
    void everyRecordIsWrittenAsTheTextDatabindWrote() throws Exception {
        for (Object record : records()) {
            assertThat(RecordDocuments.write(record))
                    .as(record.getClass().getSimpleName())
                    .isEqualTo(BEFORE.writeValueAsString(record));
        }
    }

    @Test
    void theTextDatabindWroteIsReadBackEqual() throws Exception {
        for (Object record : records()) {
            String stored = BEFORE.writeValueAsString(record);
            assertThat(RecordDocuments.read(stored, record.getClass()))
                    .as(stored)
                    .isEqualTo(record);
        }
    }

    @Test
    void aMissingOptionalIsEmptyAndAnUnknownMemberIsIgnored() throws Exception {
        String stored = BEFORE.writeValueAsString(endpoint(true)).replace("\"mac\":\"x\",", "");
        stored = stored.substring(0, stored.length() - 1) + ",\"gone\":{\"deep\":[1,{\"x\":null}]}}";

        EndpointRecord read = RecordDocuments.read(stored, EndpointRecord.class);

        assertThat(read.mac()).isEmpty();
        assertThat(read)
                .isEqualTo(new EndpointRecord(
                        read.id(),
                        read.networkId(),
                        read.containerId(),
                        read.containerName(),
                        read.hostname(),
                        read.interfaceName(),
                        read.sequence(),
                        read.phase(),
                        Optional.empty(),
                        endpoint(true).ipv4(),
                        endpoint(true).poolV4(),
                        endpoint(true).ipv6(),
                        endpoint(true).poolV6(),
                        endpoint(true).aliases(),
                        endpoint(true).ports()));
    }

    @Test
    void aMemberOfTheWrongTypeOrAnUnknownNameIsRefusedNamingItsPath() {
        String wrongType = "{\"pools\":[{\"v6\":\"yes\"}]}";
        assertThatThrownBy(() -> RecordDocuments.read(wrongType, NetworkRecord.class))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("pools[0].v6 must be true or false");
        assertThatThrownBy(() -> RecordDocuments.read("{\"phase\":\"NO_SUCH_PHASE\"}", NetworkRecord.class))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("phase is NO_SUCH_PHASE, not one of [CREATING, READY, DELETING]");
        assertThatThrownBy(() -> RecordDocuments.read("{\"name\": }", NetworkRecord.class))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("line 1, column");
    }

    @Test
    void aValueOfATypeWithoutAFormIsRefusedNamingItsPath() {
        record Opaque(Object thing) {}

        assertThatThrownBy(() -> RecordDocuments.write(new Opaque(new Object())))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("thing is a java.lang.Object");
    }
}
