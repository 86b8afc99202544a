package io.shoal.driver.vlan;

import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.spi.JoinRequest;
import java.util.Optional;

/** The macvlan driver's kernel work for real, over rtnetlink. */
final class NetlinkMacvlanKernel implements MacvlanKernel {
    private final ParentLinks parents;
    private final MacvlanPlumbing plumbing;

    NetlinkMacvlanKernel(ParentLinks parents, MacvlanPlumbing plumbing) {
        this.parents = parents;
        this.plumbing = plumbing;
    }

    @Override
    public MacvlanNetwork.Parent planParent(String networkId, Optional<ParentLink> requested) throws KernelException {
        return parents.plan(networkId, requested);
    }

    @Override
    public MacvlanNetwork.Parent makeParent(MacvlanNetwork network, Rollback rollback) throws KernelException {
        return parents.make(network, rollback);
    }

    @Override
    public MacvlanNetwork.Parent ensureParent(MacvlanNetwork network) throws KernelException {
        return parents.ensure(network);
    }

    @Override
    public void removeParent(MacvlanNetwork network, Teardown teardown) {
        parents.remove(network, teardown);
    }

    @Override
    public Optional<MacAddress> parentMac(MacvlanNetwork network) throws KernelException {
        return parents.mac(network);
    }

    @Override
    public void plug(MacvlanNetwork network, MacvlanEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException {
        plumbing.join(network, joining, request, rollback);
    }

    @Override
    public void unplug(MacvlanEndpoint.Join join) throws KernelException {
        plumbing.leave(join);
    }

    @Override
    public void deleteHandedBack(MacvlanEndpoint idle) throws KernelException {
        if (idle.handedBack().isPresent()) {
            plumbing.deleteHandedBack(idle.handedBack().get(), idle);
        }
    }

    @Override
    public boolean plugged(MacvlanEndpoint.Join join) throws KernelException {
        return plumbing.present(join);
    }
}
