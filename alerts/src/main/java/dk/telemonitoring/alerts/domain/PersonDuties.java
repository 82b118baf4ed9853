package dk.telemonitoring.alerts.domain;

import java.util.List;

/**
 * Everything that can page a person by name: rotations, overrides not yet ended, policies naming
 * them.
 */
public record PersonDuties(
    List<Rotation> rotations, List<StoredOverride> overrides, List<PolicyRef> policies) {

  public boolean isEmpty() {
    return rotations.isEmpty() && overrides.isEmpty() && policies.isEmpty();
  }
}
