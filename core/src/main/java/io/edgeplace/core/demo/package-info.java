/** The bundled demo edge cluster: {@link io.edgeplace.core.demo.DemoCluster}. */
@NullMarked
package io.edgeplace.core.demo;

import org.jspecify.annotations.NullMarked;
