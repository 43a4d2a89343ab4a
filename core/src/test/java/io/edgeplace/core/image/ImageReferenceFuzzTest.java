package io.edgeplace.core.image;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes image reference parsing: any string either parses, to a reference whose fully
 * qualified form parses to itself, or fails with an {@link IllegalArgumentException} whose
 * message names the reference on one line. Nothing else may be thrown.
 *
 * <p>Fuzz with {@code JAZZER_FUZZ=1 mvn -B -o -pl core -am verify -Dtest='ImageReferenceFuzzTest#parse'}.
 */
class ImageReferenceFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    ImageReference ref;
    try {
      ref = ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      if (!message.startsWith("image reference \"") || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
        throw new AssertionError("unexpected message for " + Texts.quote(text) + ": " + message, e);
      }
      return;
    }
    ImageReference again = ImageReference.parse(ref.toString());
    if (!again.equals(ref) || !again.toString().equals(ref.toString())) {
      throw new AssertionError("not idempotent: " + Texts.quote(text) + " -> " + ref + " -> " + again);
    }
    if (ref.repository().isEmpty() || ref.registry().isEmpty() || (ref.tag() == null && ref.digest() == null)) {
      throw new AssertionError("incomplete reference from " + Texts.quote(text) + ": " + ref);
    }
    ref.loopbackRegistry();
    ref.apiHost();
  }
}
