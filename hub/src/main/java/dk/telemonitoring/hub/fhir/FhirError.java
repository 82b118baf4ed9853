package dk.telemonitoring.hub.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A client error with its FHIR issue type; thrown from handlers, answered as an OperationOutcome.
 */
final class FhirError extends RuntimeException {
  final int status;
  final OperationOutcome.IssueType type;

  FhirError(int status, OperationOutcome.IssueType type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}
