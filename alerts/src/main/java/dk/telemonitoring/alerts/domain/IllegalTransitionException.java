package dk.telemonitoring.alerts.domain;

/**
 * A lifecycle action that the alert's current state (or level) does not allow. The HTTP layer maps
 * it to 409.
 */
public class IllegalTransitionException extends AlertException {

  private final AlertState state;
  private final AlertAction action;

  public IllegalTransitionException(AlertState state, AlertAction action, String reason) {
    super(
        "cannot "
            + action.name().toLowerCase()
            + " an alert that is "
            + state.name().toLowerCase()
            + ": "
            + reason);
    this.state = state;
    this.action = action;
  }

  public AlertState state() {
    return state;
  }

  public AlertAction action() {
    return action;
  }
}
