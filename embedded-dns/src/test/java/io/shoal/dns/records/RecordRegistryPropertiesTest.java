package io.shoal.dns.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.Name;

/**
 * Random strings through every public entry point of the registry (issue 9, item 10), and the records made one change
 * at a time compared with records made from scratch (item 14).
 *
 * <p>A model holds which endpoints are on which network, in join order. Every operation must succeed, or throw {@link
 * EndpointExistsException} or {@link NoSuchEndpointException} exactly when the model says so; nothing else may escape.
 * After the run, each network's names must equal those of a fresh registry that joined the same endpoints in the same
 * order, every name that {@link DnsNames#check} accepts must be published, and every name it refuses reported.
 */
class RecordRegistryPropertiesTest {
    /** One operation: what, on which of the pooled networks and containers, with which texts and addresses. */
    record Op(int kind, int network, int container, String text, String other, List<String> texts, long seed) {}

    @Property(tries = 300)
    void noStringBreaksTheRegistryAndChangesEqualARebuild(
            @ForAll @Size(3) List<@net.jqwik.api.From("anyText") String> networks,
            @ForAll @Size(4) List<@net.jqwik.api.From("anyText") String> containers,
            @ForAll @Size(max = 40) List<@net.jqwik.api.From("ops") Op> ops) {
        RecordRegistry registry = new RecordRegistry();
        Map<String, Map<String, EndpointRecord>> model = new LinkedHashMap<>();
        for (Op op : ops) {
            String network = networks.get(op.network());
            String container = containers.get(op.container());
            assertThatCode(() -> apply(registry, model, op, network, container))
                    .as("%s on %s/%s", op, network, container)
                    .doesNotThrowAnyException();
        }
        for (var entry : model.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                checkAgainstRebuild(registry, entry.getKey(), entry.getValue().values());
            }
        }
    }

    private static void apply(
            RecordRegistry registry,
            Map<String, Map<String, EndpointRecord>> model,
            Op op,
            String network,
            String container) {
        Map<String, EndpointRecord> members = model.computeIfAbsent(network, n -> new LinkedHashMap<>());
        boolean present = members.containsKey(container);
        switch (op.kind()) {
            case 0, 1, 2 -> {
                EndpointRecord endpoint = endpoint(container, op);
                if (present) {
                    assertThatCode(() -> registry.join(network, endpoint)).isInstanceOf(EndpointExistsException.class);
                } else {
                    Registration registration = registry.join(network, endpoint);
                    members.put(container, endpoint);
                    assertThat(registration.leftOut())
                            .extracting(LeftOutName::text)
                            .containsAll(invalidNames(endpoint));
                }
            }
            case 3 -> {
                if (present) {
                    registry.leave(network, container);
                    members.remove(container);
                } else {
                    assertThatCode(() -> registry.leave(network, container))
                            .isInstanceOf(NoSuchEndpointException.class);
                }
            }
            case 4 -> {
                if (present) {
                    Registration registration = registry.addAlias(network, container, op.text());
                    members.put(container, members.get(container).withAlias(op.text()));
                    if (DnsNames.check(op.text()) instanceof DnsNames.Invalid) {
                        assertThat(registration.leftOut())
                                .extracting(LeftOutName::text)
                                .contains(op.text());
                    }
                } else {
                    assertThatCode(() -> registry.addAlias(network, container, op.text()))
                            .isInstanceOf(NoSuchEndpointException.class);
                }
            }
            case 5 -> {
                String alias = present && !members.get(container).aliases().isEmpty()
                        ? members.get(container).aliases().iterator().next()
                        : op.text();
                if (present) {
                    registry.removeAlias(network, container, alias);
                    members.put(container, members.get(container).withoutAlias(alias));
                } else {
                    assertThatCode(() -> registry.removeAlias(network, container, alias))
                            .isInstanceOf(NoSuchEndpointException.class);
                }
            }
            case 6 -> {
                Set<String> left = registry.removeContainer(container);
                Set<String> expected = new LinkedHashSet<>();
                model.forEach((name, endpoints) -> {
                    if (endpoints.remove(container) != null) {
                        expected.add(name);
                    }
                });
                assertThat(left).containsExactlyInAnyOrderElementsOf(expected);
            }
            case 7 -> registry.defineNetwork(new NetworkDefinition(
                    network,
                    List.of(subnet(op.seed())),
                    op.seed() % 2 == 0 ? ReverseLookups.LOCAL_AUTHORITATIVE : ReverseLookups.FORWARD_UNKNOWN));
            case 8 -> registry.removeNetwork(network);
            default -> {
                registry.network(network);
                registry.networksOf(container);
                for (Name name : names(op)) {
                    registry.lookup(container, name, Math.floorMod(op.seed(), 65536));
                    registry.lookup(container, name, org.xbill.DNS.Type.PTR);
                    registry.lookup(container, name, org.xbill.DNS.Type.A);
                }
            }
        }
    }

    private static void checkAgainstRebuild(
            RecordRegistry registry, String network, java.util.Collection<EndpointRecord> endpoints) {
        RecordRegistry fresh = new RecordRegistry();
        endpoints.forEach(endpoint -> fresh.join(network, endpoint));
        NetworkRecords incremental = registry.network(network).orElseThrow();
        NetworkRecords rebuilt = fresh.network(network).orElseThrow();

        assertThat(List.copyOf(incremental.endpoints())).isEqualTo(List.copyOf(rebuilt.endpoints()));
        assertThat(incremental.addressesByName()).isEqualTo(rebuilt.addressesByName());
        for (EndpointRecord endpoint : endpoints) {
            for (String text : endpoint.names()) {
                if (DnsNames.check(text) instanceof DnsNames.Valid valid) {
                    assertThat(incremental.addressesByName()).as(text).containsKey(valid.name());
                }
            }
            for (InetAddress address : endpoint.addresses()) {
                assertThat(incremental.pointer(address)).isEqualTo(rebuilt.pointer(address));
            }
        }
    }

    private static List<String> invalidNames(EndpointRecord endpoint) {
        List<String> invalid = new ArrayList<>();
        List<String> checked = new ArrayList<>(List.of(endpoint.containerName(), endpoint.shortId()));
        endpoint.hostname().ifPresent(checked::add);
        checked.addAll(endpoint.aliases());
        for (String text : checked) {
            if (DnsNames.check(text) instanceof DnsNames.Invalid) {
                invalid.add(text);
            }
        }
        return invalid;
    }

    private static EndpointRecord endpoint(String container, Op op) {
        Random random = new Random(op.seed());
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            // A small range, so that endpoints sometimes share an address (an IPAM mistake the registry survives).
            addresses.add(
                    random.nextBoolean()
                            ? address(new byte[] {10, 0, 0, (byte) random.nextInt(8)})
                            : address(new byte[] {
                                (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) random.nextInt(8)
                            }));
        }
        Optional<String> hostname = random.nextBoolean() ? Optional.of(op.other()) : Optional.empty();
        return new EndpointRecord(container, op.text(), hostname, new LinkedHashSet<>(op.texts()), addresses);
    }

    private static IpPrefix subnet(long seed) {
        Random random = new Random(seed);
        return random.nextBoolean()
                ? new IpPrefix(address(new byte[] {10, 0, 0, 0}), 8 + random.nextInt(25))
                : new IpPrefix(address(new byte[16]), random.nextInt(129));
    }

    /** Names a query may carry: the op's texts when they parse, and a name of random octets, often a reverse one. */
    private static List<Name> names(Op op) {
        List<Name> names = new ArrayList<>();
        for (String text : List.of(op.text(), op.other())) {
            if (DnsNames.check(text) instanceof DnsNames.Valid valid) {
                names.add(valid.name());
            }
        }
        Random random = new Random(op.seed());
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        int length = 1;
        for (int labels = random.nextInt(12); labels > 0 && length < 200; labels--) {
            byte[] label = new byte[1 + random.nextInt(random.nextBoolean() ? 3 : 20)];
            for (int i = 0; i < label.length; i++) {
                label[i] = random.nextBoolean() ? (byte) ('0' + random.nextInt(10)) : (byte) random.nextInt(256);
            }
            wire.write(label.length);
            wire.writeBytes(label);
            length += label.length + 1;
        }
        List<String> suffix =
                switch (random.nextInt(3)) {
                    case 0 -> List.of("in-addr", "arpa");
                    case 1 -> List.of("ip6", "arpa");
                    default -> List.of("example");
                };
        for (String label : suffix) {
            wire.write(label.length());
            wire.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        wire.write(0);
        try {
            names.add(new Name(wire.toByteArray()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the test built a name too long", e);
        }
        return names;
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(70),
                Arbitraries.strings().withChars("abXY09-_.").ofMaxLength(300),
                Arbitraries.strings().withChars("ab.").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of(
                        "",
                        ".",
                        "..",
                        "a.",
                        ".a",
                        "a..b",
                        "x".repeat(63),
                        "x".repeat(64),
                        "\\",
                        "@",
                        "*",
                        "a b",
                        "\\065",
                        "web",
                        "WEB.",
                        "in-addr.arpa"));
    }

    @Provide
    Arbitrary<Op> ops() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3),
                        anyText(),
                        anyText(),
                        anyText().list().ofMaxSize(3),
                        Arbitraries.longs())
                .as(Op::new);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
