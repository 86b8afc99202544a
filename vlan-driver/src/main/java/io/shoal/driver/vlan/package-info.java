/** Placeholder until this module gets code. */
package io.shoal.driver.vlan;
