package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.net.IpPrefix;
import io.shoal.spi.ipam.PoolRequest;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPAM pools a network create asks for, one per {@link SubnetSpec} in the order given, the family being the
 * subnet's (or, without one, the ip-range's or gateway's; IPv4 when none is given). IPv4 gets an automatic pool when
 * no IPv4 subnet is given (Docker's empty IPv4 config); IPv6 only with {@code --ipv6}, automatic when no IPv6 subnet is
 * given. An IPv6 subnet without {@code --ipv6} is refused, as Docker 28 does.
 */
final class PoolPlan {
    /** One pool to request, and whether the user gave its subnet. */
    record Planned(PoolRequest request, boolean userSubnet) {}

    private PoolPlan() {}

    static List<Planned> of(NetworkSpec spec, String addressSpace) throws EngineException {
        List<Planned> v4 = new ArrayList<>();
        List<Planned> v6 = new ArrayList<>();
        for (SubnetSpec subnet : spec.subnets()) {
            boolean ipv6 = isIpv6(subnet);
            if (ipv6 && !spec.enableIpv6()) {
                throw new EngineException(
                        ErrorKind.INVALID_ARGUMENT,
                        "IPv6 subnet " + subnet.subnet().map(IpPrefix::toString).orElse("")
                                + " given for network " + spec.name()
                                + " without IPv6 enabled: add --ipv6 (EnableIPv6) to create it with IPv6");
            }
            PoolRequest.Builder builder = PoolRequest.builder(addressSpace)
                    .v6(ipv6)
                    .owner(spec.name())
                    .options(spec.ipamOptions());
            subnet.subnet().ifPresent(builder::subnet);
            subnet.ipRange().ifPresent(builder::range);
            subnet.gateway().ifPresent(builder::gateway);
            subnet.auxAddresses().forEach(builder::auxAddress);
            (ipv6 ? v6 : v4).add(new Planned(builder.build(), subnet.subnet().isPresent()));
        }
        if (v4.isEmpty()) {
            v4.add(automatic(spec, addressSpace, false));
        }
        if (spec.enableIpv6() && v6.isEmpty()) {
            v6.add(automatic(spec, addressSpace, true));
        }
        List<Planned> all = new ArrayList<>(v4);
        all.addAll(v6);
        return all;
    }

    private static Planned automatic(NetworkSpec spec, String addressSpace, boolean v6) {
        PoolRequest request = PoolRequest.builder(addressSpace)
                .v6(v6)
                .owner(spec.name())
                .options(spec.ipamOptions())
                .build();
        return new Planned(request, false);
    }

    private static boolean isIpv6(SubnetSpec subnet) {
        if (subnet.subnet().isPresent()) {
            return subnet.subnet().get().isIpv6();
        }
        if (subnet.ipRange().isPresent()) {
            return subnet.ipRange().get().isIpv6();
        }
        return subnet.gateway().map(g -> g instanceof Inet6Address).orElse(false);
    }
}
