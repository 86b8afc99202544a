/**
 * The engine's costs measured at its Engine API, side by side with Docker's (bench/engine-compare.sh, issue 11): a
 * tiny HTTP/1.1 client over the engine's unix socket ({@link io.shoal.bench.engine.UnixHttpClient}), the API calls the
 * docker CLI makes for each measured command ({@link io.shoal.bench.engine.EngineApi}), the timed scenarios, and the
 * side-by-side table of results.
 */
package io.shoal.bench.engine;
