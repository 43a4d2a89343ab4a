/**
 * The image platform resolver: image references parsed as container runtimes parse them, an OCI
 * distribution client on the JDK {@link java.net.http.HttpClient}, parsers for image indexes,
 * manifests, config blobs and {@code .dockerconfigjson} files, and a cache that answers without
 * blocking and serves the last known value while a registry is unreachable.
 *
 * <p>The entry point is {@link io.edgeplace.core.image.RegistryImagePlatformResolver#builder()}.
 */
@NullMarked
package io.edgeplace.core.image;

import org.jspecify.annotations.NullMarked;
