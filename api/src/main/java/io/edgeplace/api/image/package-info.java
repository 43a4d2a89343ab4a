/** Where the architecture plugin learns which platforms an image supports. */
@NullMarked
package io.edgeplace.api.image;

import org.jspecify.annotations.NullMarked;
