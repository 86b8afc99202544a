/** The engine's containers: the backend behind {@code docker run/create/start/stop/rm/exec/…}, and what it shows. */
package io.shoal.engine.container;
