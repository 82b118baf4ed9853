package dk.telemonitoring.sim.device;

import dk.telemonitoring.sim.random.Seeds;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Hands out unique, reproducible serials shaped like real ones: prefix, dash, six hex digits. */
public final class DeviceIds {
  private final RandomGenerator rng;
  private final Set<String> used = new HashSet<>();

  public DeviceIds(long seed) {
    this.rng = Seeds.stream(seed, 0x1D5L);
  }

  public String next(DeviceKind kind) {
    while (true) {
      String id = kind.prefix() + "-" + String.format(Locale.ROOT, "%06x", rng.nextInt(1 << 24));
      if (used.add(id)) {
        return id;
      }
    }
  }
}
