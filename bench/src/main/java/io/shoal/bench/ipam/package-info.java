/** The default IPAM driver's allocation speed (in memory and on SQLite) and the heap its pools retain. */
package io.shoal.bench.ipam;
