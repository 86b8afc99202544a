package io.shoal.netlink;

import java.nio.file.Path;

/**
 * The program {@link NftablesFreshJvmKernelTest} runs in a JVM of its own: libnftables used for the first time in
 * that JVM, as a shoald restarting with only reused DNS redirects does when its first nftables work is a detach. One
 * line per step on stdout; any failure is thrown (exit status 1), a crash ends the JVM with 128 + the signal.
 *
 * <p>Usage: {@code NftablesFirstUse NAMESPACE_PATH}.
 */
final class NftablesFirstUse {
    private NftablesFirstUse() {}

    public static void main(String[] args) throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.openByPath(Path.of(args[0]));
                Nftables nft = Nftables.in(namespace)) {
            System.out.println("context made");
            nft.apply("add table ip firstuse\nadd chain ip firstuse c { type nat hook output priority -100; }\n");
            System.out.println("applied");
            String listing = nft.list("list table ip firstuse");
            System.out.println("listed " + (listing.contains("chain c") ? "chain c" : listing));
            try {
                nft.apply("add rule ip missing c drop\n");
                System.out.println("refused: no");
            } catch (NftablesException expected) {
                System.out.println("refused: " + (expected.getMessage().contains("missing") ? "names the table" : ""));
            }
            nft.apply("delete table ip firstuse\n");
            System.out.println("removed");
        }
    }
}
