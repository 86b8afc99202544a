/** The bridge driver's costs on the real kernel (bench/bridge-join.sh). */
package io.shoal.bench.bridge;
