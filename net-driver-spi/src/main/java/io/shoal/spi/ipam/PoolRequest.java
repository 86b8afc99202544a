package io.shoal.spi.ipam;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for a pool: one family of one network ({@code docker network create --subnet --ip-range --gateway
 * --aux-address}). Values are kept as given; the driver checks them (host bits, families, containment) and says what
 * to fix. Use {@link #builder} to build one from the user's text, which turns a malformed address into an
 * INVALID_ARGUMENT error naming the flag.
 *
 * @param addressSpace the address space, e.g. {@code local}; pools in one space never overlap
 * @param subnet the subnet asked for; empty to let the driver choose one from its default pools
 * @param range the part of the subnet that {@link IpamDriver#requestAddress} hands addresses out from ({@code
 *     --ip-range}, the remote protocol's {@code SubPool}); empty for the whole subnet. Needs a subnet.
 * @param gateway the gateway asked for; empty to let the driver choose
 * @param auxAddresses addresses reserved by name ({@code --aux-address NAME=IP}), never handed out
 * @param options the user's {@code --ipam-opt}s; a driver refuses those it does not know
 * @param v6 true for the network's IPv6 pool, false for its IPv4 pool
 * @param owner the name of the network that will hold the pool, for error messages (“10.1.0.0/24 overlaps 10.1.0.0/16
 *     of network web”); empty when the caller does not know it (the remote protocol carries none)
 */
public record PoolRequest(
        String addressSpace,
        Optional<IpPrefix> subnet,
        Optional<IpPrefix> range,
        Optional<InetAddress> gateway,
        Map<String, InetAddress> auxAddresses,
        Map<String, String> options,
        boolean v6,
        Optional<String> owner) {
    /** @throws NullPointerException when a component is null */
    public PoolRequest {
        Objects.requireNonNull(addressSpace, "addressSpace");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(gateway, "gateway");
        auxAddresses = Map.copyOf(auxAddresses);
        options = Map.copyOf(options);
        Objects.requireNonNull(owner, "owner");
    }

    /**
     * A request for an automatic pool of the given family, with nothing else set.
     *
     * @param addressSpace the address space, e.g. {@code local}
     * @param v6 true for an IPv6 pool
     * @param owner the network's name, for messages
     * @return the request
     */
    public static PoolRequest automatic(String addressSpace, boolean v6, String owner) {
        return builder(addressSpace).v6(v6).owner(owner).build();
    }

    /**
     * @param addressSpace the address space, e.g. {@code local}
     * @return a builder with nothing set but the address space
     */
    public static Builder builder(String addressSpace) {
        return new Builder(addressSpace);
    }

    /** Builds a {@link PoolRequest}; the text setters parse numeric addresses only (no name lookups). */
    public static final class Builder {
        private final String addressSpace;
        private Optional<IpPrefix> subnet = Optional.empty();
        private Optional<IpPrefix> range = Optional.empty();
        private Optional<InetAddress> gateway = Optional.empty();
        private final Map<String, InetAddress> auxAddresses = new LinkedHashMap<>();
        private Map<String, String> options = Map.of();
        private boolean v6;
        private Optional<String> owner = Optional.empty();

        private Builder(String addressSpace) {
            this.addressSpace = Objects.requireNonNull(addressSpace, "addressSpace");
        }

        /** @return this, asking for {@code value} as the subnet ({@code --subnet}) */
        public Builder subnet(IpPrefix value) {
            subnet = Optional.of(value);
            return this;
        }

        /**
         * @return this, asking for the subnet {@code cidr}, e.g. {@code 10.1.0.0/24}
         * @throws DriverException INVALID_ARGUMENT naming {@code subnet} when {@code cidr} is not CIDR text
         */
        public Builder subnet(String cidr) {
            return subnet(parsePrefix("subnet", cidr));
        }

        /** @return this, handing addresses out of {@code value} only ({@code --ip-range}) */
        public Builder range(IpPrefix value) {
            range = Optional.of(value);
            return this;
        }

        /**
         * @return this, handing addresses out of {@code cidr} only
         * @throws DriverException INVALID_ARGUMENT naming {@code ip-range} when {@code cidr} is not CIDR text
         */
        public Builder range(String cidr) {
            return range(parsePrefix("ip-range", cidr));
        }

        /** @return this, asking for {@code value} as the gateway ({@code --gateway}) */
        public Builder gateway(InetAddress value) {
            gateway = Optional.of(value);
            return this;
        }

        /**
         * @return this, asking for the gateway {@code address}, e.g. {@code 10.1.0.1}
         * @throws DriverException INVALID_ARGUMENT naming {@code gateway} when {@code address} is not numeric
         */
        public Builder gateway(String address) {
            return gateway(parseAddress("gateway", address));
        }

        /** @return this, reserving {@code value} under {@code name} ({@code --aux-address NAME=IP}) */
        public Builder auxAddress(String name, InetAddress value) {
            auxAddresses.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * @return this, reserving {@code address} under {@code name}
         * @throws DriverException INVALID_ARGUMENT naming the aux-address when {@code address} is not numeric
         */
        public Builder auxAddress(String name, String address) {
            return auxAddress(name, parseAddress("aux-address " + name, address));
        }

        /** @return this, with the user's {@code --ipam-opt}s (copied), replacing earlier ones */
        public Builder options(Map<String, String> value) {
            options = Map.copyOf(value);
            return this;
        }

        /** @return this, for an IPv6 pool when {@code value} is true */
        public Builder v6(boolean value) {
            v6 = value;
            return this;
        }

        /** @return this, naming the network that will hold the pool, for messages */
        public Builder owner(String value) {
            owner = Optional.of(value);
            return this;
        }

        /** @return the request; the driver checks it when it is passed to {@link IpamDriver#requestPool} */
        public PoolRequest build() {
            return new PoolRequest(addressSpace, subnet, range, gateway, auxAddresses, options, v6, owner);
        }
    }

    /**
     * Parses CIDR text given for {@code what} (e.g. {@code subnet}).
     *
     * @throws DriverException INVALID_ARGUMENT naming {@code what} and saying what is wrong
     */
    public static IpPrefix parsePrefix(String what, String cidr) {
        try {
            return IpPrefix.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new DriverException(
                    ErrorKind.INVALID_ARGUMENT, what + " '" + cidr + "' is not valid CIDR: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a numeric address given for {@code what} (e.g. {@code gateway}).
     *
     * @throws DriverException INVALID_ARGUMENT naming {@code what} and saying what is wrong
     */
    public static InetAddress parseAddress(String what, String address) {
        try {
            return IpAddresses.parse(address);
        } catch (IllegalArgumentException e) {
            throw new DriverException(ErrorKind.INVALID_ARGUMENT, what + ": " + e.getMessage(), e);
        }
    }
}
