/** The port to the engine's persistent state: typed records in collections, changed in transactions. */
package io.shoal.engine.store;
