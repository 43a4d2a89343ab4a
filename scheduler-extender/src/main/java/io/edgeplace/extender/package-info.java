/**
 * The edgeplace scheduler extender: the command line ({@link io.edgeplace.extender.Main}), its
 * options and configuration file, and the assembly of source, engine and server.
 */
@NullMarked
package io.edgeplace.extender;

import org.jspecify.annotations.NullMarked;
