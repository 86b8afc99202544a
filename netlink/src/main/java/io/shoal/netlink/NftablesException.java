package io.shoal.netlink;

/**
 * nftables refused a script: the message is libnftables' own, which quotes the failing line and the kernel's errno
 * text (e.g. {@code Error: Could not process rule: No such file or directory}).
 */
public final class NftablesException extends KernelException {
    private static final long serialVersionUID = 1L;

    NftablesException(String namespace, String libraryMessage) {
        super("nft", namespace, 0, libraryMessage);
    }
}
