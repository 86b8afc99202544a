package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoal.engine.api.RawHttp.Reply;
import io.shoal.engine.events.EngineEvent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventRoutesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes();

    private Instant now() {
        return api.containers.now;
    }

    private static String query(String filters) {
        return URLEncoder.encode(filters, StandardCharsets.UTF_8);
    }

    private void publishPast() {
        api.events.publish(new EngineEvent(
                "container",
                "create",
                "c1",
                Map.of("name", "web", "image", "busybox", "tier", "front"),
                now().minusSeconds(10)));
        api.events.publish(new EngineEvent(
                "container",
                "die",
                "c1",
                Map.of("name", "web", "image", "busybox", "tier", "front", "exitCode", "3"),
                now().minusSeconds(5)));
        api.events.publish(new EngineEvent(
                "network", "destroy", "n1", Map.of("name", "backend", "type", "bridge"), now().minusSeconds(4)));
        api.events.publish(new EngineEvent(
                "network", "create", "n2", Map.of("name", "later", "type", "bridge"), now().minusSeconds(2)));
    }

    private static String[] lines(Reply reply) {
        return reply.body().isEmpty() ? new String[0] : reply.body().split("\n");
    }

    @Test
    void theHeadGoesOutAtOnceThenEachLiveEventThatPassesTheFilters() throws IOException {
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send(
                    "GET /v1.41/events?filters=" + query("{\"type\":[\"network\"]}") + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply head = http.readHead(); // would block if the head waited for an event
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/json");
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");

            api.events.publish("container", "start", "c1", Map.of("name", "web"));
            api.events.publish(
                    "network", "connect", "n1", Map.of("name", "backend", "type", "bridge", "container", "c1"));

            JsonNode event = MAPPER.readTree(http.readChunk());
            assertThat(event.get("Type").asText()).isEqualTo("network");
            assertThat(event.get("Action").asText()).isEqualTo("connect");
            assertThat(event.get("Actor").get("ID").asText()).isEqualTo("n1");
            assertThat(event.get("Actor").get("Attributes").get("container").asText())
                    .isEqualTo("c1");
            assertThat(event.get("scope").asText()).isEqualTo("local");
            assertThat(event.get("time").asLong()).isEqualTo(now().getEpochSecond());
            assertThat(event.get("timeNano").asLong()).isEqualTo(now().getEpochSecond() * 1_000_000_000L);
            assertThat(event.has("status")).isFalse();
        }
    }

    @Test
    void sinceAndUntilInThePastReplayTheKeptEventsInBetweenAndEnd() throws IOException {
        publishPast();
        long since = now().minusSeconds(7).getEpochSecond();
        String until = now().minusSeconds(4).getEpochSecond() + ".5";

        Reply reply = api.call("GET", "/events?since=" + since + "&until=" + until);

        assertThat(reply.status()).isEqualTo(200);
        String[] lines = lines(reply);
        assertThat(lines).hasSize(2);
        JsonNode die = MAPPER.readTree(lines[0]);
        assertThat(die.get("status").asText()).isEqualTo("die");
        assertThat(die.get("id").asText()).isEqualTo("c1");
        assertThat(die.get("from").asText()).isEqualTo("busybox");
        assertThat(die.get("Actor").get("Attributes").get("exitCode").asText()).isEqualTo("3");
        assertThat(MAPPER.readTree(lines[1]).get("Action").asText()).isEqualTo("destroy");
    }

    @Test
    void theMapFormOfFiltersSelectsByLabelAndContainerName() throws IOException {
        publishPast();
        String until = Long.toString(now().minusSeconds(1).getEpochSecond());

        Reply byLabel =
                api.call("GET", "/events?until=" + until + "&filters=" + query("{\"label\":{\"tier=front\":true}}"));
        Reply byName = api.call(
                "GET",
                "/events?until=" + until + "&filters="
                        + query("{\"container\":{\"web\":true},\"event\":{\"create\":true}}"));

        assertThat(lines(byLabel)).hasSize(2);
        assertThat(lines(byName)).hasSize(1);
        assertThat(MAPPER.readTree(lines(byName)[0]).get("Action").asText()).isEqualTo("create");
    }

    @Test
    void untilBeforeSinceIsRefused() throws IOException {
        Reply reply = api.call("GET", "/events?since=200&until=100");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void aClientThatLeavesEndsItsSubscription() throws IOException, InterruptedException {
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readHead().status()).isEqualTo(200);
            assertThat(api.events.subscribers()).isEqualTo(1);
        }
        // The abort runs on the connection's event loop once it sees the close; wait for that, not for a time.
        for (int i = 0; i < 1000 && api.events.subscribers() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(api.events.subscribers()).isZero();
    }
}
