package io.shoal.driver.vlan;

import io.shoal.driver.support.PoolChecks;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import java.util.Collection;
import java.util.Optional;

/**
 * The rules a new network must keep with the networks that exist, checked before anything is made. Pure: no kernel,
 * no store.
 */
final class ParentClaims {
    private ParentClaims() {}

    /**
     * @throws DriverException INVALID_ARGUMENT for a network without a subnet or with a gateway outside its subnet;
     *     CONFLICT when the id is taken, when a VLAN of a link is claimed twice, when subnets on one parent overlap, or
     *     when a passthru network would share its parent
     */
    static void check(MacvlanNetwork candidate, Collection<MacvlanNetwork> existing) {
        checkPools(candidate);
        for (MacvlanNetwork other : existing) {
            if (other.id().equals(candidate.id())) {
                throw DriverException.conflict("network " + candidate.id() + " exists already");
            }
            checkVlan(candidate, other);
            if (!sameParent(candidate, other)) {
                continue;
            }
            String parent = candidate.parent().name();
            if (candidate.mode() == MacvlanMode.PASSTHRU || other.mode() == MacvlanMode.PASSTHRU) {
                throw DriverException.conflict("parent " + parent + " already carries network " + other.name()
                        + (other.mode() == MacvlanMode.PASSTHRU ? ", in passthru mode," : "")
                        + " and a passthru network takes its parent whole; give it a parent of its own");
            }
            for (IpPrefix subnet : candidate.subnets()) {
                for (IpPrefix taken : other.subnets()) {
                    if (subnet.overlaps(taken)) {
                        throw DriverException.conflict("subnet " + subnet + " overlaps " + taken + " of network "
                                + other.name() + " on the same parent " + parent + "; choose another --subnet");
                    }
                }
            }
        }
    }

    private static void checkPools(MacvlanNetwork candidate) {
        if (candidate.subnets().isEmpty()) {
            throw DriverException.invalid("network " + candidate.name() + " has no subnet; give it --subnet");
        }
        candidate.pools().forEach(PoolChecks::requireGatewayInside);
    }

    /** One VLAN of a link is one broadcast domain, and its sub-interface belongs to one network. */
    private static void checkVlan(MacvlanNetwork candidate, MacvlanNetwork other) {
        Optional<ParentLink> mine = candidate.requested().filter(ParentLink::tagged);
        Optional<ParentLink> theirs = other.requested().filter(ParentLink::tagged);
        if (mine.isEmpty() || theirs.isEmpty()) {
            return;
        }
        if (mine.get().link().equals(theirs.get().link())
                && mine.get().vlan().equals(theirs.get().vlan())) {
            throw DriverException.conflict("VLAN " + mine.get().vlan().orElseThrow() + " of "
                    + mine.get().link()
                    + " already belongs to network " + other.name() + " (parent "
                    + theirs.get().name()
                    + "); use another VLAN id, or connect containers to " + other.name());
        }
    }

    private static boolean sameParent(MacvlanNetwork a, MacvlanNetwork b) {
        return a.requested().isPresent()
                && b.requested().isPresent()
                && a.parent().name().equals(b.parent().name());
    }
}
