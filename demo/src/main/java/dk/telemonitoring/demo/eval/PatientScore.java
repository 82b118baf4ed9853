package dk.telemonitoring.demo.eval;

import dk.telemonitoring.hub.triage.Condition;
import java.util.List;

/**
 * One patient's score in one arm: alerts counted per rule episode, cases per {@link CaseLog}, and
 * the episodes a case detected (which must equal {@code detected}, see {@link
 * CaseLog.Event#alerting}).
 */
record PatientScore(
    Condition condition,
    int episodes,
    int detected,
    List<Double> delaysDays,
    int alerts,
    int falseAlerts,
    int cases,
    int falseCases,
    int detectedByCase,
    int censored,
    int repeatsAsked,
    int repeatsDone) {}
