package io.shoal.ipam;

import io.shoal.net.IpPrefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses a subnet from the default address pools: the first {@code /size} of each base, in order, that overlaps
 * nothing taken (pools and host routes). When a candidate overlaps something, the search jumps to the first candidate
 * past that thing's last address, so each taken prefix costs at most one step and a full /8 is crossed quickly.
 */
final class AutomaticSubnets {
    private AutomaticSubnets() {}

    /** A taken range of addresses, as numbers. */
    private record Span(BigInteger first, BigInteger last) {
        static Span of(IpPrefix prefix) {
            return new Span(Addresses.first(prefix), Addresses.last(prefix));
        }

        boolean overlaps(BigInteger otherFirst, BigInteger otherLast) {
            return first.compareTo(otherLast) <= 0 && otherFirst.compareTo(last) <= 0;
        }
    }

    /**
     * The first free subnet of the given family.
     *
     * @param taken prefixes to avoid, any family (other families and default routes are ignored)
     */
    static Optional<IpPrefix> choose(List<DefaultPool> defaults, boolean v6, List<IpPrefix> taken) {
        List<Span> spans = new ArrayList<>();
        for (IpPrefix prefix : taken) {
            if (prefix.isIpv6() == v6 && prefix.length() > 0) {
                spans.add(Span.of(prefix));
            }
        }
        for (DefaultPool pool : defaults) {
            if (pool.base().isIpv6() == v6) {
                Optional<IpPrefix> found = chooseIn(pool, spans);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<IpPrefix> chooseIn(DefaultPool pool, List<Span> taken) {
        int bits = pool.base().addressBits();
        BigInteger base = Addresses.first(pool.base());
        BigInteger baseLast = Addresses.last(pool.base());
        BigInteger step = BigInteger.ONE.shiftLeft(bits - pool.size());
        BigInteger candidate = base;
        while (candidate.compareTo(baseLast) <= 0) {
            BigInteger candidateLast = candidate.add(step).subtract(BigInteger.ONE);
            Span blocking = firstOverlap(taken, candidate, candidateLast);
            if (blocking == null) {
                return Optional.of(new IpPrefix(Addresses.fromNumber(candidate, bits), pool.size()));
            }
            // The first candidate starting after the blocking span: base + ceil((last + 1 - base) / step) * step.
            BigInteger past = blocking.last().add(BigInteger.ONE).subtract(base);
            BigInteger[] quotient = past.divideAndRemainder(step);
            BigInteger steps = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
            candidate = base.add(steps.multiply(step));
        }
        return Optional.empty();
    }

    private static Span firstOverlap(List<Span> taken, BigInteger first, BigInteger last) {
        for (Span span : taken) {
            if (span.overlaps(first, last)) {
                return span;
            }
        }
        return null;
    }
}
