/** The sandbox host's adapter: sandbox network namespaces, their default routes and the host's resolv.conf, over netlink. */
package io.shoal.engine.netns;
