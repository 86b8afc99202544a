/**
 * ArchUnit rules over every module's classes: the module arrows of docs/design.md point one way, only netlink's
 * internal package touches jnr-ffi, and nothing outside the process adapters starts a process.
 */
package io.shoal.architecture;
