package dk.telemonitoring.hub.reading;

import static dk.telemonitoring.hub.reading.UnitConversion.identity;
import static dk.telemonitoring.hub.reading.UnitConversion.scaled;
import static dk.telemonitoring.hub.reading.ValueRange.aboveZeroUpTo;
import static dk.telemonitoring.hub.reading.ValueRange.between;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The measurement catalogue: one place for codes (LOINC, UCUM, IEEE 11073 MDC), display names and
 * validation ranges, used by ingest, triage, the API and export.
 *
 * <p>Codes and ranges: docs/clinical-reference.md#codes and #validation. The ranges are clinical
 * judgement defaults awaiting sign-off. A value outside {@code impossible} is quarantined; a value
 * outside {@code plausible} is stored, flagged and triaged, because a confirmed extreme value is an
 * alarm, never an error.
 */
public enum MeasurementType {
  SPO2(
      "spo2",
      "Oxygen saturation",
      "Iltmætning",
      "2708-6",
      "%",
      "150456",
      between(0, 100),
      between(70, 100),
      List.of(identity("%"))),
  PULSE(
      "pulse",
      "Pulse",
      "Puls",
      "8867-4",
      "/min",
      "149530",
      between(20, 300),
      between(30, 200),
      List.of(identity("/min"), identity("bpm"), identity("{beats}/min"))),
  RESP_RATE(
      "resp_rate",
      "Respiratory rate",
      "Respirationsfrekvens",
      "9279-1",
      "/min",
      "151562",
      between(0, 80),
      between(4, 60),
      List.of(identity("/min"), identity("br/min"), identity("{breaths}/min"))),
  TEMPERATURE(
      "temperature",
      "Body temperature",
      "Kropstemperatur",
      "8310-5",
      "Cel",
      "150364",
      between(25, 45),
      between(34, 42),
      List.of(
          identity("Cel"),
          identity("°C"),
          identity("C"),
          new UnitConversion("[degF]", f -> (f - 32) * 5 / 9))),
  WEIGHT(
      "weight",
      "Body weight",
      "Vægt",
      "29463-7",
      "kg",
      "188736",
      between(20, 350),
      ValueRange.ANY,
      List.of(identity("kg"), scaled("g", 0.001), scaled("[lb_av]", 0.45359237))),
  BP_SYSTOLIC(
      "bp_systolic",
      "Systolic blood pressure",
      "Systolisk blodtryk",
      "8480-6",
      "mm[Hg]",
      "150021",
      between(40, 300),
      ValueRange.ANY,
      List.of(identity("mm[Hg]"), identity("mmHg"))),
  BP_DIASTOLIC(
      "bp_diastolic",
      "Diastolic blood pressure",
      "Diastolisk blodtryk",
      "8462-4",
      "mm[Hg]",
      "150022",
      between(20, 200),
      ValueRange.ANY,
      List.of(identity("mm[Hg]"), identity("mmHg"))),
  FEV1(
      "fev1",
      "FEV1",
      "FEV1",
      "20150-9",
      "L",
      "152586",
      aboveZeroUpTo(8),
      ValueRange.ANY,
      List.of(identity("L"), scaled("mL", 0.001))),
  FVC(
      "fvc",
      "FVC",
      "FVC",
      "19870-5",
      "L",
      "188928",
      aboveZeroUpTo(10),
      ValueRange.ANY,
      List.of(identity("L"), scaled("mL", 0.001))),
  FEV6(
      "fev6",
      "FEV6",
      "FEV6",
      "",
      "L",
      "",
      aboveZeroUpTo(10),
      ValueRange.ANY,
      List.of(identity("L"), scaled("mL", 0.001))),
  FEV1_FVC(
      "fev1_fvc",
      "FEV1/FVC",
      "FEV1/FVC",
      "19926-5",
      "%",
      "188948",
      between(0, 100),
      ValueRange.ANY,
      List.of(identity("%"))),
  PEF(
      "pef",
      "Peak expiratory flow",
      "Peak flow",
      "33452-4",
      "L/min",
      "152584",
      between(20, 1000),
      ValueRange.ANY,
      List.of(identity("L/min"), scaled("L/s", 60))),
  CAT(
      "cat",
      "CAT score",
      "CAT-score",
      "",
      "{score}",
      "",
      between(0, 40),
      ValueRange.ANY,
      List.of(identity("{score}"))),
  SYM_BREATHLESS(
      "sym_breathless",
      "More breathless",
      "Mere forpustet",
      "",
      "{bool}",
      "",
      between(0, 1),
      ValueRange.ANY,
      List.of(identity("{bool}"))),
  SYM_SPUTUM_MORE(
      "sym_sputum_more",
      "More sputum",
      "Mere slim",
      "",
      "{bool}",
      "",
      between(0, 1),
      ValueRange.ANY,
      List.of(identity("{bool}"))),
  SYM_SPUTUM_COLOUR(
      "sym_sputum_colour",
      "Sputum colour",
      "Slimfarve",
      "",
      "{ordinal}",
      "",
      between(0, 5),
      ValueRange.ANY,
      List.of(identity("{ordinal}"))),
  SYM_FEVER(
      "sym_fever",
      "Fever",
      "Feber",
      "",
      "{bool}",
      "",
      between(0, 1),
      ValueRange.ANY,
      List.of(identity("{bool}")));

  private static final Map<String, MeasurementType> BY_CODE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(MeasurementType::code, Function.identity()));

  private final String code;
  private final String displayEn;
  private final String displayDa;
  private final String loinc;
  private final String ucum;
  private final String mdc;
  private final ValueRange possible;
  private final ValueRange plausible;
  private final List<UnitConversion> acceptedUnits;

  MeasurementType(
      String code,
      String displayEn,
      String displayDa,
      String loinc,
      String ucum,
      String mdc,
      ValueRange possible,
      ValueRange plausible,
      List<UnitConversion> acceptedUnits) {
    this.code = code;
    this.displayEn = displayEn;
    this.displayDa = displayDa;
    this.loinc = loinc;
    this.ucum = ucum;
    this.mdc = mdc;
    this.possible = possible;
    this.plausible = plausible;
    this.acceptedUnits = acceptedUnits;
  }

  public static Optional<MeasurementType> byCode(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The conversion for a unit a device sent, if this measurement accepts it. */
  public Optional<UnitConversion> conversionFor(String unit) {
    return acceptedUnits.stream().filter(c -> c.unit().equals(unit)).findFirst();
  }

  public String code() {
    return code;
  }

  public String displayEn() {
    return displayEn;
  }

  public String displayDa() {
    return displayDa;
  }

  public String loinc() {
    return loinc;
  }

  public String ucum() {
    return ucum;
  }

  public String mdc() {
    return mdc;
  }

  public ValueRange possible() {
    return possible;
  }

  public ValueRange plausible() {
    return plausible;
  }

  public List<String> acceptedUnits() {
    return acceptedUnits.stream().map(UnitConversion::unit).toList();
  }
}
