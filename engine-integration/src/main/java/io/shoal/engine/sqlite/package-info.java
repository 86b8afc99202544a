/**
 * The engine's SQLite adapters, all in one database file ({@code DATA_ROOT/shoal.db}) over one {@link
 * io.shoal.engine.sqlite.SharedDatabase}: the engine store (typed records as JSON documents) and {@link
 * io.shoal.engine.sqlite.SqliteDriverStore}, the {@link io.shoal.spi.DriverStore} each network driver is given.
 */
package io.shoal.engine.sqlite;
