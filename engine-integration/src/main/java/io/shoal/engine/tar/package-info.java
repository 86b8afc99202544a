/** The rootfs unpacker's adapter: tar (optionally gzip) streams written into a directory with Commons Compress. */
package io.shoal.engine.tar;
