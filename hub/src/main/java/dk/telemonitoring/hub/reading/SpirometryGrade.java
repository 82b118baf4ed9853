package dk.telemonitoring.hub.reading;

import java.util.List;

/**
 * Session quality from the repeatability of FEV1, after ATS/ERS 2019 (Graham et al., Am J Respir
 * Crit Care Med 2019, table 10) as summarised in docs/clinical-reference.md#spirometry: A = 3 blows
 * with the two largest FEV1 within 150 mL, B = 2 within 150 mL, C = within 200 mL, D = within 250
 * mL, E = a single blow, F = none usable. Home spirometers rarely report per-blow acceptability, so
 * every blow sent counts as acceptable.
 */
public enum SpirometryGrade {
  A,
  B,
  C,
  D,
  E,
  F;

  public static SpirometryGrade of(List<Double> fev1Litres) {
    List<Double> sorted =
        fev1Litres.stream()
            .filter(v -> v != null && v > 0)
            .sorted((x, y) -> Double.compare(y, x))
            .toList();
    if (sorted.isEmpty()) {
      return F;
    }
    if (sorted.size() == 1) {
      return E;
    }
    double spreadMl = Math.round((sorted.get(0) - sorted.get(1)) * 1000);
    if (spreadMl <= 150) {
      return sorted.size() >= 3 ? A : B;
    }
    if (spreadMl <= 200) {
      return C;
    }
    if (spreadMl <= 250) {
      return D;
    }
    return F;
  }

  /**
   * Grade D or worse is shown but excluded from alarms and baselines
   * (docs/clinical-reference.md#spirometry).
   */
  public boolean usableForTriage() {
    return compareTo(C) <= 0;
  }
}
