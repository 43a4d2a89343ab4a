package io.edgeplace.core.image;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeplace.api.store.MalformedDataException;

/**
 * Fuzzes the parsers of what registries and users send: manifests, indexes and config blobs;
 * token responses, error bodies, {@code WWW-Authenticate} headers, {@code .dockerconfigjson}
 * files and persisted cache entries. Each may only succeed or fail with its documented
 * exception ({@link RegistryException}, {@link IllegalArgumentException} for credentials files,
 * {@link MalformedDataException} for persisted entries) with a one-line message.
 *
 * <p>Fuzz one method per JVM, such as
 * {@code JAZZER_FUZZ=1 mvn -B -o -pl core -am verify -Dtest='RegistryDocumentsFuzzTest#manifests'}.
 */
class RegistryDocumentsFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void manifests(FuzzedDataProvider data) {
    boolean withContentType = data.consumeBoolean();
    String contentType = withContentType ? data.consumeString(80) : null;
    byte[] body = data.consumeRemainingAsBytes();
    try {
      RegistryDocuments.Manifest m = RegistryDocuments.parseManifest(body, contentType, "manifest");
      if (m instanceof RegistryDocuments.Index index && index.platforms().isEmpty()) {
        throw new AssertionError("an index without platforms was accepted");
      }
    } catch (RegistryException e) {
      checkMessage(e);
    }
    try {
      RegistryDocuments.parseConfig(body, "config");
    } catch (RegistryException e) {
      checkMessage(e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void otherDocuments(FuzzedDataProvider data) {
    int which = data.consumeInt(0, 4);
    switch (which) {
      case 0 -> {
        try {
          RegistryDocuments.Token t = RegistryDocuments.parseToken(data.consumeRemainingAsBytes(), "token");
          for (char c : t.value().toCharArray()) {
            if (c <= 0x20 || c >= 0x7f) {
              throw new AssertionError("a token with a character unfit for a header was accepted");
            }
          }
        } catch (RegistryException e) {
          checkMessage(e);
        }
      }
      case 1 -> RegistryDocuments.describeErrorBody(data.consumeRemainingAsBytes());
      case 2 -> {
        for (AuthChallenge c : AuthChallenge.parse(data.consumeRemainingAsString())) {
          if (c.scheme().isEmpty()) {
            throw new AssertionError("a challenge without scheme: " + c);
          }
        }
      }
      case 3 -> {
        try {
          RegistryCredentials.fromDockerConfigJson(data.consumeRemainingAsString());
        } catch (IllegalArgumentException e) {
          checkMessage(e);
        }
      }
      default -> {
        try {
          CachedPlatforms.PersistCodec.INSTANCE.decode(data.consumeRemainingAsBytes(), 1);
        } catch (MalformedDataException e) {
          // expected for damaged bytes
        }
      }
    }
  }

  private static void checkMessage(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isEmpty() || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
      throw new AssertionError("bad message: " + m, e);
    }
  }
}
