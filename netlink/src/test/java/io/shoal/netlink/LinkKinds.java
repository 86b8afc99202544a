package io.shoal.netlink;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Probes whether this kernel can create a link kind, by trying in a scratch namespace. */
final class LinkKinds {
    private LinkKinds() {}

    /**
     * Creates {@code spec} in a fresh anonymous namespace (with a veth {@code probeparent} as parent when the spec
     * needs one) and aborts the calling test with the kernel's answer when that fails.
     */
    static void assumeSupported(LinkSpec spec) throws KernelException {
        Optional<String> refusal = probe(spec);
        Assumptions.assumeTrue(refusal.isEmpty(), () -> "kernel cannot create " + spec.kind() + ": " + refusal.get());
    }

    private static Optional<String> probe(LinkSpec spec) throws KernelException {
        try (NetworkNamespace scratch = NetworkNamespace.createAnonymous();
                NetlinkHandle handle = NetlinkHandle.openIn(scratch)) {
            handle.linkAdd(LinkSpec.Veth.named("probeparent", "probepeer"));
            handle.linkAdd(spec);
            return Optional.empty();
        } catch (UnsupportedByKernelException e) {
            return Optional.of(e.getMessage());
        }
    }
}
