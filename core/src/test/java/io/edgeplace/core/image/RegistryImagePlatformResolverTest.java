package io.edgeplace.core.image;

import static io.edgeplace.core.image.TestDocuments.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.Platform;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.image.ImagePlatforms.Source;
import io.edgeplace.core.store.FileSnapshotStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryImagePlatformResolverTest {

  private static final Instant START = Instant.parse("2026-11-25T18:00:00Z");

  private final LoopbackRegistry registry = LoopbackRegistry.start();
  private final MutableClock clock = new MutableClock(START);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    registry.close();
  }

  private RegistryImagePlatformResolver.Builder builder() {
    return RegistryImagePlatformResolver.builder()
        .clock(clock)
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5));
  }

  private RegistryImagePlatformResolver resolver(RegistryImagePlatformResolver.Builder b) {
    RegistryImagePlatformResolver r = b.build();
    toClose.add(r);
    return r;
  }

  private static ImagePlatforms await(CompletableFuture<ImagePlatforms> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  /*
   * The stale-tolerant cache completes a load's future before it forgets the load, so a read
   * right after resolve() may still find the finished load and not start a refresh. Tests that
   * move the clock wait for the fetchers to be idle first.
   */
  private void advance(RegistryImagePlatformResolver resolver, Duration d) throws InterruptedException {
    waitUntil(resolver::idle);
    clock.advance(d);
  }

  private String ref(String nameAndTag) {
    return registry.host() + "/" + nameAndTag;
  }

  @Test
  void resolve_readsThePlatformsOfAMultiArchIndexWithoutItsAttestation() throws Exception {
    String digest = registry.putManifest("acme/multi", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    RegistryImagePlatformResolver resolver = resolver(builder());

    ImagePlatforms p = await(resolver.resolve(ref("acme/multi:1.0")));

    assertThat(p.source()).isEqualTo(Source.REGISTRY);
    assertThat(p.platforms()).containsExactlyInAnyOrder(Platform.LINUX_AMD64, Platform.LINUX_ARM_V6,
        Platform.LINUX_ARM_V7, Platform.LINUX_ARM64);
    assertThat(p.detail()).contains("index " + digest, "(4 platforms, 1 attestation skipped)", ref("acme/multi:1.0"));
    assertThat(registry.requests("/v2/").get(0).accept()).isEqualTo(RegistryDocuments.OCI_INDEX + ", "
        + RegistryDocuments.DOCKER_MANIFEST_LIST + ", " + RegistryDocuments.OCI_MANIFEST + ", "
        + RegistryDocuments.DOCKER_MANIFEST);
  }

  @Test
  void lookup_answersUnknownAtOnceOnAMissAndTheRegistryAnswerOnceRead() throws Exception {
    registry.putManifest("acme/multi", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    registry.route("/v2/acme/slow/manifests/1.0", registry.hangingHeaders());
    RegistryImagePlatformResolver resolver = resolver(builder());

    ImagePlatforms miss = resolver.lookup(ref("acme/slow:1.0"));

    assertThat(miss.source()).isEqualTo(Source.UNKNOWN);
    assertThat(miss.detail()).contains("not known yet", "being read from its registry in the background",
        "never rejects a pod");

    ImagePlatforms resolved = await(resolver.resolve(ref("acme/multi:1.0")));
    assertThat(resolver.lookup(ref("acme/multi:1.0"))).isSameAs(resolved);
  }

  @Test
  void resolve_readsADockerManifestList() throws Exception {
    registry.putManifest("acme/list", "latest", RegistryDocuments.DOCKER_MANIFEST_LIST, TestDocuments.dockerManifestList());

    ImagePlatforms p = await(resolver(builder()).resolve(ref("acme/list")));

    assertThat(p.platforms()).hasSize(7).contains(Platform.LINUX_ARM_V6, Platform.parse("windows/amd64"));
  }

  @Test
  void resolve_readsASinglePlatformImageThroughItsConfigBlob() throws Exception {
    byte[] config = TestDocuments.armV7Config();
    String configDigest = registry.putBlob("acme/single", RegistryDocuments.DOCKER_CONFIG, config);
    String digest = registry.putManifest("acme/single", "2.0", RegistryDocuments.DOCKER_MANIFEST,
        TestDocuments.dockerManifestFor(config));

    ImagePlatforms p = await(resolver(builder()).resolve(ref("acme/single:2.0")));

    assertThat(p.source()).isEqualTo(Source.REGISTRY);
    assertThat(p.platforms()).containsExactly(Platform.LINUX_ARM_V7);
    assertThat(p.detail()).contains("single-platform manifest " + digest, "config " + configDigest);
    assertThat(registry.requests("/v2/acme/single/blobs/" + configDigest)).hasSize(1);
  }

  @Test
  void resolve_followsABlobRedirectToAnotherOriginWithoutTheRegistryToken() throws Exception {
    byte[] config = TestDocuments.armV7Config();
    try (LoopbackRegistry storage = LoopbackRegistry.start()) {
      String configDigest = storage.putBlob("store", RegistryDocuments.DOCKER_CONFIG, config);
      registry.route("/v2/acme/single/blobs/" + configDigest,
          LoopbackRegistry.redirect(307, storage.baseUrl() + "/v2/store/blobs/" + configDigest + "?sig=abc"));
      registry.putManifest("acme/single", "2.0", RegistryDocuments.DOCKER_MANIFEST, TestDocuments.dockerManifestFor(config));
      registry.requireToken("tok-123");

      ImagePlatforms p = await(resolver(builder()).resolve(ref("acme/single:2.0")));

      assertThat(p.platforms()).containsExactly(Platform.LINUX_ARM_V7);
      assertThat(storage.requests()).hasSize(1);
      assertThat(storage.requests().get(0).authorization()).isNull();
      assertThat(storage.requests().get(0).query()).isEqualTo("sig=abc");
    }
  }

  @Test
  void resolve_answersTheBearerTokenChallengeAndReusesTheToken() throws Exception {
    registry.putManifest("acme/private", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    registry.putManifest("acme/private", "2.0", RegistryDocuments.OCI_INDEX, TestDocuments.amd64Arm64Index());
    registry.requireToken("tok-123");
    RegistryImagePlatformResolver resolver = resolver(builder());

    assertThat(await(resolver.resolve(ref("acme/private:1.0"))).platforms()).hasSize(4);
    assertThat(await(resolver.resolve(ref("acme/private:2.0"))).platforms()).hasSize(2);

    List<LoopbackRegistry.Request> tokenRequests = registry.requests("/token");
    assertThat(tokenRequests).hasSize(1);
    assertThat(tokenRequests.get(0).query()).isEqualTo("service=loopback-registry&scope=repository%3Aacme%2Fprivate%3Apull");
    assertThat(tokenRequests.get(0).authorization()).isNull();
    List<LoopbackRegistry.Request> manifests = registry.requests("/v2/");
    assertThat(manifests).extracting(LoopbackRegistry.Request::authorization)
        .containsExactly(null, "Bearer tok-123", "Bearer tok-123");
  }

  @Test
  void resolve_sendsDockerConfigCredentialsToTheTokenEndpointAndNeverShowsThem(@TempDir Path dir) throws Exception {
    registry.putManifest("acme/private", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    registry.requireToken("tok-456");
    registry.requireBasicAtTokenEndpoint("robot", "pa55-s3cret");
    Path dockerConfig = dir.resolve(".dockerconfigjson");
    String auth = Base64.getEncoder().encodeToString(utf8("robot:pa55-s3cret"));
    Files.writeString(dockerConfig, "{\"auths\":{\"http://" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    RegistryImagePlatformResolver resolver = resolver(builder().dockerConfig(dockerConfig));

    ImagePlatforms p = await(resolver.resolve(ref("acme/private:1.0")));

    assertThat(p.source()).isEqualTo(Source.REGISTRY);
    assertThat(registry.requests("/token").get(0).authorization()).isEqualTo("Basic " + auth);
    assertThat(resolver.toString()).doesNotContain("pa55-s3cret").doesNotContain(auth).contains(registry.host());
  }

  @Test
  void resolve_refusedCredentialsAreUnknownAndTheMessageHasNoSecret(@TempDir Path dir) throws Exception {
    registry.putManifest("acme/private", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    registry.requireToken("tok-456");
    registry.requireBasicAtTokenEndpoint("robot", "right-password");
    Path dockerConfig = dir.resolve("config.json");
    String auth = Base64.getEncoder().encodeToString(utf8("robot:wr0ng-s3cret"));
    Files.writeString(dockerConfig, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");

    ImagePlatforms p = await(resolver(builder().dockerConfig(dockerConfig)).resolve(ref("acme/private:1.0")));

    assertThat(p.source()).isEqualTo(Source.UNKNOWN);
    assertThat(p.detail()).contains("answered 401", "with the configured credentials", "never rejects a pod")
        .doesNotContain("wr0ng-s3cret").doesNotContain(auth);
  }

  @Test
  void resolve_answersUnknownWithTheReasonFor404And500() throws Exception {
    registry.route("/v2/acme/broken/manifests/1.0", LoopbackRegistry.error(500, "UNKNOWN", "database on fire"));
    RegistryImagePlatformResolver resolver = resolver(builder());

    ImagePlatforms missing = await(resolver.resolve(ref("acme/missing:1.0")));
    ImagePlatforms broken = await(resolver.resolve(ref("acme/broken:1.0")));

    assertThat(missing.source()).isEqualTo(Source.UNKNOWN);
    assertThat(missing.detail()).contains("answered 404 (\"MANIFEST_UNKNOWN\"", "/v2/acme/missing/manifests/1.0",
        "maybe the tag or repository does not exist", "never rejects a pod");
    assertThat(broken.source()).isEqualTo(Source.UNKNOWN);
    assertThat(broken.detail()).contains("answered 500", "database on fire", "asked again later");
  }

  @Test
  void resolve_answersUnknownForMalformedJsonNamingTheDocument() throws Exception {
    registry.route("/v2/acme/bad/manifests/1.0", LoopbackRegistry.ok(RegistryDocuments.OCI_INDEX,
        utf8("{\"schemaVersion\":2,\"manifests\":[{\"platform\":{\"os\":\"linux\",\"architecture\":"), null));
    registry.route("/v2/acme/wrongtype/manifests/1.0", LoopbackRegistry.ok(RegistryDocuments.OCI_INDEX,
        utf8("{\"schemaVersion\":2,\"manifests\":[{\"platform\":{\"os\":\"linux\",\"architecture\":true}}]}"), null));
    RegistryImagePlatformResolver resolver = resolver(builder());

    ImagePlatforms bad = await(resolver.resolve(ref("acme/bad:1.0")));
    ImagePlatforms wrongType = await(resolver.resolve(ref("acme/wrongtype:1.0")));

    assertThat(bad.source()).isEqualTo(Source.UNKNOWN);
    assertThat(bad.detail()).contains("manifest of " + ref("acme/bad:1.0") + " is not valid JSON");
    assertThat(wrongType.detail()).contains("field \"manifests[0].platform.architecture\" is a boolean \"true\"");
  }

  @Test
  void resolve_refusesOversizedDocumentsDeclaredOrStreamed() throws Exception {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) ' ');
    registry.route("/v2/acme/declared/manifests/1.0", LoopbackRegistry.ok(RegistryDocuments.OCI_INDEX, big, null));
    registry.route("/v2/acme/streamed/manifests/1.0", LoopbackRegistry.chunked(RegistryDocuments.OCI_INDEX, 5_000_000));
    RegistryImagePlatformResolver resolver = resolver(builder().maxDocumentBytes(64 * 1024));

    ImagePlatforms declared = await(resolver.resolve(ref("acme/declared:1.0")));
    ImagePlatforms streamed = await(resolver.resolve(ref("acme/streamed:1.0")));

    assertThat(declared.source()).isEqualTo(Source.UNKNOWN);
    assertThat(declared.detail()).contains("declares 200000 bytes (Content-Length), more than the limit of 65536 bytes");
    assertThat(streamed.source()).isEqualTo(Source.UNKNOWN);
    assertThat(streamed.detail()).contains("is larger than the limit of 65536 bytes");
  }

  @Test
  void resolve_timesOutOnAHangingResponseAndNeverHangs() throws Exception {
    registry.route("/v2/acme/stalled-body/manifests/1.0", registry.hangingBody());
    registry.route("/v2/acme/stalled-headers/manifests/1.0", registry.hangingHeaders());
    RegistryImagePlatformResolver resolver = resolver(builder().requestTimeout(Duration.ofMillis(300)));

    ImagePlatforms body = await(resolver.resolve(ref("acme/stalled-body:1.0")));
    ImagePlatforms headers = await(resolver.resolve(ref("acme/stalled-headers:1.0")));

    assertThat(body.source()).isEqualTo(Source.UNKNOWN);
    assertThat(body.detail()).contains("did not answer GET", "within 300 ms", "asked again later");
    assertThat(headers.source()).isEqualTo(Source.UNKNOWN);
    assertThat(headers.detail()).contains("within 300 ms");
  }

  @Test
  void resolve_answersUnknownForAnUnreachableRegistry() throws Exception {
    String host = registry.host();
    registry.close();

    ImagePlatforms p = await(resolver(builder()).resolve(host + "/acme/app:1.0"));

    assertThat(p.source()).isEqualTo(Source.UNKNOWN);
    assertThat(p.detail()).contains(host, "never rejects a pod");
  }

  @Test
  void lookup_servesTheLastKnownValueWithItsAgeWhileTheRegistryFails() throws Exception {
    registry.putManifest("acme/multi", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    RegistryImagePlatformResolver resolver = resolver(builder());
    ImagePlatforms fresh = await(resolver.resolve(ref("acme/multi:1.0")));
    registry.route("/v2/acme/multi/manifests/1.0", LoopbackRegistry.error(503, "UNAVAILABLE", "maintenance"));

    advance(resolver, Duration.ofMinutes(11));
    ImagePlatforms stale = await(resolver.resolve(ref("acme/multi:1.0")));

    assertThat(stale.source()).isEqualTo(Source.REGISTRY_STALE);
    assertThat(stale.platforms()).isEqualTo(fresh.platforms());
    assertThat(stale.detail()).contains("could not be asked again", "answered 503", "11m 0s old", "index sha256:");
    assertThat(resolver.lookup(ref("acme/multi:1.0")).source()).isEqualTo(Source.REGISTRY_STALE);

    advance(resolver, Duration.ofDays(8));
    ImagePlatforms expired = resolver.lookup(ref("acme/multi:1.0"));
    assertThat(expired.source()).isEqualTo(Source.UNKNOWN);
    assertThat(expired.detail()).contains("never rejects a pod");
  }

  @Test
  void persistTo_keepsTheAnswersAcrossARestartWhileTheRegistryIsGone(@TempDir Path dir) throws Exception {
    registry.putManifest("acme/multi", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    String image = ref("acme/multi:1.0");
    try (RegistryImagePlatformResolver before = builder()
        .persistTo(FileSnapshotStore.builder(dir).clock(clock).build()).build()) {
      assertThat(await(before.resolve(image)).source()).isEqualTo(Source.REGISTRY);
    }
    registry.close();

    RegistryImagePlatformResolver after = resolver(builder().persistTo(FileSnapshotStore.builder(dir).clock(clock).build()));
    ImagePlatforms restored = after.lookup(image);

    assertThat(restored.source()).isEqualTo(Source.REGISTRY);
    assertThat(restored.platforms()).hasSize(4);
    assertThat(restored.detail()).contains("index sha256:", "at 2026-11-25T18:00:00Z");

    advance(after, Duration.ofMinutes(11));
    ImagePlatforms stale = await(after.resolve(image));
    assertThat(stale.source()).isEqualTo(Source.REGISTRY_STALE);
    assertThat(stale.detail()).contains("11m 0s old", registry.host());
  }

  @Test
  void resolve_refreshesATagAfterTheRefreshInterval() throws Exception {
    registry.putManifest("acme/moving", "stable", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    RegistryImagePlatformResolver resolver = resolver(builder());
    assertThat(await(resolver.resolve(ref("acme/moving:stable"))).platforms()).hasSize(4);
    registry.putManifest("acme/moving", "stable", RegistryDocuments.OCI_INDEX, TestDocuments.amd64Arm64Index());

    advance(resolver, Duration.ofMinutes(9));
    assertThat(await(resolver.resolve(ref("acme/moving:stable"))).platforms()).hasSize(4);
    advance(resolver, Duration.ofMinutes(2));
    ImagePlatforms refreshed = await(resolver.resolve(ref("acme/moving:stable")));

    assertThat(refreshed.source()).isEqualTo(Source.REGISTRY);
    assertThat(refreshed.platforms()).containsExactlyInAnyOrder(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    assertThat(registry.requests("/v2/acme/moving/manifests/stable")).hasSize(2);
  }

  @Test
  void resolve_neverRefreshesADigestReference() throws Exception {
    String digest = registry.putManifest("acme/pinned", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    RegistryImagePlatformResolver resolver = resolver(builder());
    String pinned = ref("acme/pinned@" + digest);
    assertThat(await(resolver.resolve(pinned)).source()).isEqualTo(Source.REGISTRY);

    advance(resolver, Duration.ofDays(30));
    ImagePlatforms later = await(resolver.resolve(pinned));

    assertThat(later.source()).isEqualTo(Source.REGISTRY);
    assertThat(resolver.lookup(pinned)).isSameAs(later);
    assertThat(registry.requests("/v2/acme/pinned/manifests/")).hasSize(1);
  }

  @Test
  void resolve_refusesContentThatDoesNotMatchItsDigest() throws Exception {
    String digest = LoopbackRegistry.digest(TestDocuments.multiArchIndex());
    registry.route("/v2/acme/tampered/manifests/" + digest,
        LoopbackRegistry.ok(RegistryDocuments.OCI_INDEX, TestDocuments.amd64Arm64Index(), digest));

    ImagePlatforms p = await(resolver(builder()).resolve(ref("acme/tampered@" + digest)));

    assertThat(p.source()).isEqualTo(Source.UNKNOWN);
    assertThat(p.detail()).contains("does not match its digest " + digest);
  }

  @Test
  void resolve_normalizesADockerHubNameOntoTheConfiguredEndpoint() throws Exception {
    registry.putManifest("library/nginx", "latest", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());

    ImagePlatforms p = await(resolver(builder().endpoint("docker.io", URI.create(registry.baseUrl()))).resolve("nginx"));

    assertThat(p.source()).isEqualTo(Source.REGISTRY);
    assertThat(p.detail()).contains("docker.io/library/nginx:latest");
  }

  @Test
  void lookup_ofAnInvalidReferenceIsUnknownWithTheReasonAndSendsNothing() throws Exception {
    ImagePlatforms p = await(resolver(builder()).resolve("Acme/App:"));

    assertThat(p.source()).isEqualTo(Source.UNKNOWN);
    assertThat(p.detail()).contains("image reference \"Acme/App:\" is invalid", "never rejects a pod");
    assertThat(registry.requests()).isEmpty();
  }

  @Test
  void lookup_ofAHugeReferenceIsUnknownAndNotKept() throws Exception {
    RegistryImagePlatformResolver resolver = resolver(builder());
    String huge = "a".repeat(100_000);

    assertThat(resolver.lookup(huge).detail()).contains("100000 characters long", "never rejects a pod");
    assertThat(await(resolver.resolve(huge)).source()).isEqualTo(Source.UNKNOWN);
    assertThat(registry.requests()).isEmpty();
  }

  @Test
  void fetches_runAtMostMaxConcurrentFetchesAtOnce() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    for (int i = 0; i < 6; i++) {
      byte[] index = TestDocuments.multiArchIndex();
      registry.route("/v2/acme/app" + i + "/manifests/1.0", exchange -> {
        try {
          gate.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        LoopbackRegistry.ok(RegistryDocuments.OCI_INDEX, index, null).handle(exchange);
      });
    }
    RegistryImagePlatformResolver resolver = resolver(builder().maxConcurrentFetches(2));

    List<CompletableFuture<ImagePlatforms>> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      assertThat(resolver.lookup(ref("acme/app" + i + ":1.0")).source()).isEqualTo(Source.UNKNOWN);
      all.add(resolver.resolve(ref("acme/app" + i + ":1.0")));
    }
    waitUntil(() -> registry.inFlight() == 2);
    assertThat(registry.requests()).hasSize(2);
    gate.countDown();

    for (CompletableFuture<ImagePlatforms> f : all) {
      assertThat(await(f).source()).isEqualTo(Source.REGISTRY);
    }
    assertThat(registry.maxInFlight()).isEqualTo(2);
    assertThat(registry.requests()).hasSize(6);
  }

  @Test
  void builder_rejectsBadSettingsAtOnce() {
    RegistryImagePlatformResolver.Builder b = RegistryImagePlatformResolver.builder();
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).hasMessage("requestTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> b.maxDocumentBytes(10)).hasMessageContaining("between 1 KiB and 64 MiB, got 10");
    assertThatThrownBy(() -> b.maxConcurrentFetches(0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> b.insecureRegistry("http://x/y")).hasMessageContaining("must be a host or host:port");
    assertThatThrownBy(() -> b.endpoint("docker.io", URI.create("ftp://mirror"))).hasMessageContaining("http(s) URL");
    assertThatThrownBy(() -> b.dockerConfig(Path.of("/nonexistent/.dockerconfigjson")))
        .hasMessageContaining("/nonexistent/.dockerconfigjson cannot be read");
    assertThatThrownBy(() -> RegistryImagePlatformResolver.builder().tagRefreshInterval(Duration.ofHours(2))
        .maxStaleness(Duration.ofHours(1)).build()).hasMessageContaining("is shorter than tagRefreshInterval");
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
