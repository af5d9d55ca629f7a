package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.io.Checksums;
import dev.loupe.testing.LocalFileServer;
import dev.loupe.testing.SharedData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe models pull | verify | list} against a real HTTP server on loopback. The catalogue under test is a
 * spec file in the --models directory declaring its own URLs (the same mechanism a user has for their own models),
 * pointing at the real SqueezeNet file and the real CLIP vocabulary from ../shared served locally.
 */
class ModelsPullCliTest {
  static final Path ONNX = SharedData.models().resolve("squeezenet1.1/squeezenet1.1_fp32_features.onnx");

  @TempDir Path models;
  LocalFileServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LocalFileServer();
    Path vocab;
    try (var files = Files.list(SharedData.models().resolve("clip-tokenizer"))) {
      vocab = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    writeSpec("hubtest", server.serve("hub/squeezenet.onnx", ONNX), Files.size(ONNX), Checksums.sha256(ONNX),
        server.serve("hub/vocab", vocab), Files.size(vocab), Checksums.sha256(vocab));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  void writeSpec(String name, URI url, long size, String sha, URI extraUrl, long extraSize, String extraSha)
      throws Exception {
    Files.writeString(models.resolve(name + ".loupe.json"), """
        {"name": "%s", "description": "test hub model", "file": "%s/model.onnx",
         "url": "%s", "size": %d, "sha256": "%s", "license": "research use only (test)",
         "extraFiles": [{"file": "%s/vocab", "url": "%s", "size": %d, "sha256": "%s"}],
         "input": {"name": "data_0"},
         "preprocess": {"crop": 224, "channels": "BGR", "mean": [104, 117, 123]},
         "output": {"name": "features_512"}}
        """.formatted(name, name, url, size, sha, name, extraUrl, extraSize, extraSha));
  }

  @Test
  void pullThenListThenVerify() throws Exception {
    CliTest.Run before = CliTest.loupe("models", "list", "--models", models.toString());
    assertEquals(0, before.code(), before.err());
    assertTrue(before.out().contains("hubtest\n    test hub model\n    licence: research use only (test)\n"
        + "    not downloaded ("), before.out());

    CliTest.Run pull = CliTest.loupe("models", "pull", "hubtest", "--models", models.toString());
    assertEquals(0, pull.code(), pull.err());
    Path model = models.resolve("hubtest/model.onnx");
    assertEquals(model + "\n" + models.resolve("hubtest/vocab") + "\n", pull.out());
    assertEquals(Checksums.sha256(ONNX), Checksums.sha256(model));
    assertTrue(pull.err().contains("hubtest: licence research use only (test)"), pull.err());
    assertTrue(pull.err().contains("downloaded " + model + " (size and SHA-256 checked)"), pull.err());

    CliTest.Run list = CliTest.loupe("models", "list", "--models", models.toString());
    assertTrue(list.out().contains("    downloaded: " + model + "\n"), list.out());

    CliTest.Run verify = CliTest.loupe("models", "verify", "hubtest", "--models", models.toString());
    assertEquals(0, verify.code(), verify.err());
    assertEquals("ok hubtest " + model + "\nok hubtest " + models.resolve("hubtest/vocab") + "\n", verify.out());

    CliTest.Run again = CliTest.loupe("models", "pull", "hubtest", "--models", models.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("already there: " + model), again.err());

    // One flipped byte: verify names the file and fails.
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 1;
    Files.write(model, bytes);
    CliTest.Run bad = CliTest.loupe("models", "verify", "--models", models.toString());
    assertEquals(1, bad.code(), bad.out() + bad.err());
    assertTrue(bad.err().startsWith("hubtest: " + model + ": checksum mismatch: expected SHA-256 "), bad.err());
    assertTrue(bad.out().contains("ok hubtest " + models.resolve("hubtest/vocab")), bad.out());
  }

  /**
   * Two real processes pull the same model at once, the transfer slowed (64 KiB per 40 ms, about 3 s for the
   * 4.9 MB file) so that they overlap: both succeed, the model was sent once (the second waited for the lock,
   * then found the checked file), and there is one file with the right checksum and no partial file.
   */
  @Test
  void twoProcessesPullTheSameModelAtOnce() throws Exception {
    server.throttle("hub/squeezenet.onnx", java.time.Duration.ofMillis(40));
    Process a = child(models.resolve("a.log"));
    Process b = child(models.resolve("b.log"));
    assertTrue(a.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && b.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
    String logs = Files.readString(models.resolve("a.log")) + Files.readString(models.resolve("b.log"));
    assertEquals(0, a.exitValue(), logs);
    assertEquals(0, b.exitValue(), logs);
    assertEquals(1, server.requests().stream().filter(r -> r.contains("/hub/squeezenet.onnx")).count(),
        server.requests() + "\n" + logs);
    assertEquals(Checksums.sha256(ONNX), Checksums.sha256(models.resolve("hubtest/model.onnx")));
    assertFalse(Files.exists(models.resolve("hubtest/model.onnx.part")));
  }

  private Process child(Path log) throws Exception {
    return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "models", "pull", "hubtest", "--models",
        models.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void unknownNameIsAUsageErrorAndNothingIsDownloaded() {
    CliTest.Run r = CliTest.loupe("models", "pull", "hubtest", "no-such-model", "--models", models.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("loupe: error: unknown model 'no-such-model'"), r.err());
    assertEquals(0, server.requests().size());
    assertFalse(Files.exists(models.resolve("hubtest")));
  }

  @Test
  void verifyOfAModelNotDownloadedFails() {
    CliTest.Run r = CliTest.loupe("models", "verify", "hubtest", "--models", models.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("hubtest: hubtest/model.onnx is not downloaded; run: loupe models pull hubtest"), r.err());
  }

  @Test
  void a404IsOneLineNamingTheUrlAndExitCode1() throws Exception {
    writeSpec("gone", server.url("hub/gone.onnx"), 10, "0".repeat(64), server.url("hub/gone.vocab"), 10, "0".repeat(64));
    CliTest.Run r = CliTest.loupe("models", "pull", "gone", "--models", models.toString());
    assertEquals(1, r.code(), r.err());
    String last = r.err().lines().reduce((a, b) -> b).orElseThrow();
    assertEquals("loupe: error: HTTP 404 from " + server.url("hub/gone.onnx") + "; download the file elsewhere and"
        + " put it in a --models directory as gone/model.onnx", last);
  }

  @Test
  void aWrongChecksumFailsAndLeavesNoFile() throws Exception {
    writeSpec("wrong", server.url("hub/squeezenet.onnx"), Files.size(ONNX), "ab".repeat(32),
        server.url("hub/vocab"), 1, "0".repeat(64));
    CliTest.Run r = CliTest.loupe("models", "pull", "wrong", "--models", models.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("loupe: error: checksum mismatch: expected SHA-256 " + "ab".repeat(32)), r.err());
    try (var left = Files.list(models.resolve("wrong"))) {
      assertEquals(java.util.List.of("model.onnx.lock"), left.map(p -> p.getFileName().toString()).toList());
    }
  }
}
