package dk.telemonitoring.alerts.notify;

import dk.telemonitoring.alerts.domain.NotificationMessage;
import dk.telemonitoring.alerts.domain.PatientLabel;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The port through which pages learn how to name a patient (the alerts module knows no names; the
 * service that owns the patients implements it), and through which each page's disclosure, and each
 * page given up on, is recorded.
 */
public interface PatientLabels {

  /** Pages that name nobody and record nothing: for tests of the delivery machinery. */
  PatientLabels NONE =
      new PatientLabels() {
        @Override
        public Future<Map<UUID, PatientLabel>> labels(Collection<UUID> patientIds) {
          return Future.succeededFuture(Map.of());
        }

        @Override
        public Future<Void> disclosed(NotificationMessage page) {
          return Future.succeededFuture();
        }
      };

  /**
   * The label of each patient found; a patient missing from the map is paged as {@link
   * PatientLabel#unknown()}.
   */
  Future<Map<UUID, PatientLabel>> labels(Collection<UUID> patientIds);

  /** A page was delivered: its recipient now knows the patient's label and findings. */
  Future<Void> disclosed(NotificationMessage page);

  /**
   * A page was given up on: whether any attempt reached its recipient is unknown, so the audit log
   * says it was tried as well as the board does.
   */
  default Future<Void> notDelivered(NotificationMessage page) {
    return Future.succeededFuture();
  }
}
