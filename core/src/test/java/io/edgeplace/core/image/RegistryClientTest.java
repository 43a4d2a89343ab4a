package io.edgeplace.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryClientTest {

  private static final RegistryClient CLIENT = new RegistryClient(HttpClient.newHttpClient(),
      new RegistryClient.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20, RegistryCredentials.none(),
          Set.of("registry.local:5000", "plain.example"), Map.of("mirrored.example", URI.create("http://127.0.0.1:9/prefix/"))),
      InstantSource.system());

  @ParameterizedTest(name = "{0} is reached at {1}")
  @CsvSource({
      "nginx, https://registry-1.docker.io",
      "ghcr.io/acme/app:1.2, https://ghcr.io",
      "registry.example:5000/x, https://registry.example:5000",
      "10.0.0.7:5000/x, https://10.0.0.7:5000",
      "localhost/x, http://localhost",
      "localhost:5000/x, http://localhost:5000",
      "127.0.0.1:5000/x, http://127.0.0.1:5000",
      "127.200.3.4/x, http://127.200.3.4",
      "[::1]:5000/x, http://[::1]:5000",
      "registry.local:5000/x, http://registry.local:5000",
      "registry.local:6000/x, https://registry.local:6000",
      "plain.example:8080/x, http://plain.example:8080",
      "mirrored.example/x, http://127.0.0.1:9/prefix"})
  void baseUri_isHttpsUnlessLoopbackOrConfiguredInsecure(String reference, String expected) {
    assertThat(CLIENT.baseUri(ImageReference.parse(reference))).hasToString(expected);
  }
}
