/** The engine store's adapter: typed records as JSON documents in the engine's SQLite database. */
package io.shoal.engine.sqlite;
