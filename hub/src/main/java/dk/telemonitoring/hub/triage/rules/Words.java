package dk.telemonitoring.hub.triage.rules;

import static dk.telemonitoring.hub.triage.Explanation.num;
import static dk.telemonitoring.hub.triage.Explanation.num2;
import static dk.telemonitoring.hub.triage.Explanation.num2Da;
import static dk.telemonitoring.hub.triage.Explanation.numDa;

import dk.telemonitoring.alerts.domain.Level;
import dk.telemonitoring.hub.reading.MeasurementType;
import dk.telemonitoring.hub.triage.Condition;

/** Short names and values with units for sentences a nurse reads. */
final class Words {

  private Words() {}

  static String nameEn(MeasurementType t) {
    return switch (t) {
      case SPO2 -> "SpO2";
      case PULSE -> "pulse";
      case RESP_RATE -> "respiratory rate";
      case TEMPERATURE -> "temperature";
      case WEIGHT -> "weight";
      case BP_SYSTOLIC -> "systolic BP";
      case BP_DIASTOLIC -> "diastolic BP";
      case PEF -> "PEF";
      case CAT -> "CAT score";
      default -> t.displayEn();
    };
  }

  static String nameDa(MeasurementType t) {
    return switch (t) {
      case SPO2 -> "SpO2";
      case PULSE -> "puls";
      case RESP_RATE -> "respirationsfrekvens";
      case TEMPERATURE -> "temperatur";
      case WEIGHT -> "vægt";
      case BP_SYSTOLIC -> "systolisk blodtryk";
      case BP_DIASTOLIC -> "diastolisk blodtryk";
      case PEF -> "PEF";
      case CAT -> "CAT-score";
      default -> t.displayDa();
    };
  }

  static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** "88%", "96 /min", "1.52 L", "37.9 °C"; in Danish "88 %", "37,9 °C". */
  static String valueEn(MeasurementType t, double v) {
    return value(t, v, false);
  }

  static String valueDa(MeasurementType t, double v) {
    return value(t, v, true);
  }

  private static String value(MeasurementType t, double v, boolean da) {
    return switch (t) {
      // Danish writes a space before the per cent sign (as the screens do), English none.
      case SPO2, FEV1_FVC -> da ? numDa(v) + " %" : num(v) + "%";
      case FEV1, FVC, FEV6 -> (da ? num2Da(v) : num2(v)) + " L";
      case TEMPERATURE -> (da ? numDa(v) : num(v)) + " °C";
      case WEIGHT -> (da ? numDa(v) : num(v)) + " kg";
      case BP_SYSTOLIC, BP_DIASTOLIC -> (da ? numDa(v) : num(v)) + " mmHg";
      case PULSE, RESP_RATE -> (da ? numDa(v) : num(v)) + " /min";
      case PEF -> (da ? numDa(v) : num(v)) + " L/min";
      default -> da ? numDa(v) : num(v);
    };
  }

  /** The unit of a difference: "points" for SpO2, the unit otherwise. */
  static String deltaEn(MeasurementType t, double d) {
    return t == MeasurementType.SPO2 ? num(d) + (d == 1 ? " point" : " points") : valueEn(t, d);
  }

  static String deltaDa(MeasurementType t, double d) {
    return t == MeasurementType.SPO2 ? numDa(d) + " point" : valueDa(t, d);
  }

  static String levelDa(Level l) {
    return switch (l) {
      case GREEN -> "GRØN";
      case YELLOW -> "GUL";
      case RED -> "RØD";
      case CRITICAL -> "KRITISK";
    };
  }

  /** The programme's target group as a person reads it, in English. */
  static String conditionEn(Condition c) {
    return switch (c) {
      case COPD -> "COPD";
      case FIBROSIS -> "pulmonary fibrosis";
      case AATD -> "alpha-1 antitrypsin deficiency";
      case HEART_FAILURE -> "heart failure";
    };
  }

  /** The programme's target group as a person reads it, in Danish. */
  static String conditionDa(Condition c) {
    return switch (c) {
      case COPD -> "KOL";
      case FIBROSIS -> "lungefibrose";
      case AATD -> "alfa-1-antitrypsinmangel";
      case HEART_FAILURE -> "hjertesvigt";
    };
  }
}
