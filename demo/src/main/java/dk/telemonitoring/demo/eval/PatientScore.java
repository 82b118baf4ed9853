package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.triage.Condition;
import java.util.List;

/** One patient's score in one arm. */
record PatientScore(Condition condition, int episodes, int detected, List<Double> delaysDays, int alerts,
    int falseAlerts, int censored, int repeatsAsked, int repeatsDone) {}
