/** Images without a registry: root filesystem tarballs imported, tagged, listed, removed. */
package io.shoal.engine.image;
