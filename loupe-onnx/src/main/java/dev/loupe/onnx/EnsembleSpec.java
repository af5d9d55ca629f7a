package dev.loupe.onnx;

import java.util.List;
import java.util.Objects;

/**
 * An ensemble declared in a spec file ({@code NAME.ensemble.json} in a model directory) instead of on the
 * command line: {@code {"name": "mobile-pair", "members": [{"model": "mobilenetv2-tf2-ptq", "weight": 1},
 * {"model": "mobilenetv2-onnxzoo-int8", "weight": 0.5}]}}.
 *
 * @param name the ensemble's name (what {@code --model} takes and the index records)
 * @param description one line for {@code loupe models list}
 * @param members the member models and weights
 */
public record EnsembleSpec(String name, String description, List<Member> members) {

  public EnsembleSpec {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("ensemble name must be letters, digits, '.', '_' or '-', got: " + name);
    }
    if (members == null || members.isEmpty()) {
      throw new IllegalArgumentException("ensemble " + name + " needs at least one member");
    }
    members = List.copyOf(members);
  }

  /**
   * One member.
   *
   * @param model embedder name
   * @param weight positive weight (default 1)
   */
  public record Member(String model, double weight) {
    public Member {
      Objects.requireNonNull(model, "member model is required");
      if (weight == 0) weight = 1;
      if (!(weight > 0)) throw new IllegalArgumentException("member weight must be positive, got: " + weight);
    }
  }
}
