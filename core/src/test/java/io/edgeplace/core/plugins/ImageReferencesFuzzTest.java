package io.edgeplace.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Image references come from pod specs and node status: outside input. Normalizing one never
 * throws, is idempotent, and its first spelling is its normalized form.
 */
class ImageReferencesFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void normalize_neverThrowsAndIsIdempotent(FuzzedDataProvider data) {
    String reference = data.consumeRemainingAsString();
    String normalized = ImageReferences.normalize(reference);
    List<String> spellings = ImageReferences.spellings(reference);
    assertThat(spellings).isNotEmpty();
    assertThat(spellings.get(0)).isEqualTo(normalized);
    assertThat(ImageReferences.normalize(normalized)).isEqualTo(normalized);
    for (String spelling : spellings) {
      assertThat(ImageReferences.normalize(spelling)).as("spelling %s of %s", spelling, reference).isEqualTo(normalized);
    }
  }
}
