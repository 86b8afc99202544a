package io.shoal.netlink;

import io.shoal.netlink.wire.Rtnetlink;

/**
 * How far a route or address reaches (rtm_scope / ifa_scope, RT_SCOPE_* in linux/rtnetlink.h). A value, not an enum,
 * because administrators may define scopes between the named ones.
 *
 * @param value 0 to 255
 */
public record RouteScope(int value) {
    /** Anywhere: routes via a gateway, global addresses. */
    public static final RouteScope UNIVERSE = new RouteScope(Rtnetlink.RT_SCOPE_UNIVERSE);
    /** Within the site (IPv6 site-local). */
    public static final RouteScope SITE = new RouteScope(Rtnetlink.RT_SCOPE_SITE);
    /** Directly on the link: routes without a gateway, link-local addresses. */
    public static final RouteScope LINK = new RouteScope(Rtnetlink.RT_SCOPE_LINK);
    /** This host: local and loopback addresses. */
    public static final RouteScope HOST = new RouteScope(Rtnetlink.RT_SCOPE_HOST);
    /** Nowhere; in a delete request it matches any scope. */
    public static final RouteScope NOWHERE = new RouteScope(Rtnetlink.RT_SCOPE_NOWHERE);

    /** Checks the range. */
    public RouteScope {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("scope out of range 0..255: " + value);
        }
    }

    @Override
    public String toString() {
        return switch (value) {
            case Rtnetlink.RT_SCOPE_UNIVERSE -> "universe";
            case Rtnetlink.RT_SCOPE_SITE -> "site";
            case Rtnetlink.RT_SCOPE_LINK -> "link";
            case Rtnetlink.RT_SCOPE_HOST -> "host";
            case Rtnetlink.RT_SCOPE_NOWHERE -> "nowhere";
            default -> Integer.toString(value);
        };
    }
}
