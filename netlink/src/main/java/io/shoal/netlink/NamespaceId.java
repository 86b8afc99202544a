package io.shoal.netlink;

/**
 * What identifies a namespace: the device and inode of its nsfs file. Two descriptors or paths name the same namespace
 * exactly when both numbers match (the kernel gives each namespace one nsfs inode, see namespaces(7), "The /proc/[pid]/ns
 * directory").
 *
 * @param device the nsfs device ({@code st_dev})
 * @param inode the namespace's inode ({@code st_ino}), the number in {@code net:[4026531840]}
 */
public record NamespaceId(long device, long inode) {
    @Override
    public String toString() {
        return "net:[" + inode + "]";
    }
}
