package io.shoal.driver.vlan;

import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.spi.JoinRequest;
import java.util.Optional;

/**
 * Everything the macvlan driver does to the kernel, behind one narrow seam: {@link NetlinkMacvlanKernel} does it for
 * real, a recording fake does it in the unit tests, so restore, rollback and every crash point are tested without
 * root. Removals find what is gone and count it as done.
 */
interface MacvlanKernel {
    /**
     * Decides, only reading the kernel, which link the network's macvlans will hang from and whether the driver makes
     * it (see {@link ParentLinks#plan}).
     */
    MacvlanNetwork.Parent planParent(String networkId, Optional<ParentLink> requested) throws KernelException;

    /** Makes the parent when the driver owns it, registering its removal with {@code rollback}. */
    MacvlanNetwork.Parent makeParent(MacvlanNetwork network, Rollback rollback) throws KernelException;

    /** After a restart or a reboot: makes a driver-made parent that is missing; returns the parent as it is now. */
    MacvlanNetwork.Parent ensureParent(MacvlanNetwork network) throws KernelException;

    /** Deletes the parent if the driver made it. */
    void removeParent(MacvlanNetwork network, Teardown teardown);

    /** The parent's MAC address, which a passthru macvlan takes over. */
    Optional<MacAddress> parentMac(MacvlanNetwork network) throws KernelException;

    /** Makes the macvlan its {@code joining} record names, in the sandbox, and configures it. */
    void plug(MacvlanNetwork network, MacvlanEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException;

    /** Deletes the macvlan in the sandbox; a no-op when it or the sandbox is gone. */
    void unplug(MacvlanEndpoint.Join join) throws KernelException;

    /**
     * Deletes the macvlan an idle endpoint's hand-over left in the host namespace ({@link
     * MacvlanEndpoint#handedBack}); a no-op when it is not there.
     */
    void deleteHandedBack(MacvlanEndpoint idle) throws KernelException;

    /** Whether the macvlan still exists in its sandbox (a handed-over one: always, the engine's leave says). */
    boolean plugged(MacvlanEndpoint.Join join) throws KernelException;
}
