/**
 * The engine's durable state for drivers: {@link io.shoal.engine.store.SqliteDriverStore}, the {@link
 * io.shoal.spi.DriverStore} each network driver is given, in the engine's SQLite database.
 */
package io.shoal.engine.store;
