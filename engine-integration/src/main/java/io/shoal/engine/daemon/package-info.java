/**
 * shoald, the engine daemon and composition root: flags and configuration file, the data root, the start-up order
 * of store, IPAM, drivers, embedded DNS, containerd, controllers and API server, and the orderly shutdown.
 */
package io.shoal.engine.daemon;
