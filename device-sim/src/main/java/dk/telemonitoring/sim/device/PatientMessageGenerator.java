package dk.telemonitoring.sim.device;

import dk.telemonitoring.sim.cohort.CohortPatient;
import dk.telemonitoring.sim.json.JsonText;
import dk.telemonitoring.sim.patient.VitalSigns;
import dk.telemonitoring.sim.random.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Produces, day by day, every message one patient's devices send: scheduled spot measurements,
 * spirometry sessions, questionnaires, a wearable's nightly stream, status keep-alives and the
 * occasional contact; then applies how devices really behave (outages with late backlog uploads,
 * clock skew, battery, re-sent duplicates, deliberately bad payloads). Days must be asked for in
 * order; the output of a day is not sorted.
 */
public final class PatientMessageGenerator {
  private static final Fault[] FAULTS = Fault.values();
  // In the patients' own language: the cohorts are a Danish clinic's, and the nurses' screens show
  // the
  // words as the patient wrote them.
  private static final String[] CONTACT_TEXTS = {
    "mere forpustet i aften",
    "ring venligst til mig",
    "jeg har det værre end i går",
    "hoster meget",
    "hævede ankler",
    "usikker på, om apparatet virker"
  };

  private final CohortPatient patient;
  private final DeviceBehaviourSpec behaviour;
  private final ProgrammeSchedule schedule;
  private final ZoneId zone;
  private final Instant notBefore;
  private final LocalDate firstDay;
  private final RandomGenerator rng;
  private final SpotReadings spot;
  private final Map<String, DeviceState> states = new LinkedHashMap<>();

  public PatientMessageGenerator(
      CohortPatient patient, DeviceBehaviourSpec behaviour, Instant start, ZoneId zone) {
    this.patient = patient;
    this.behaviour = behaviour;
    this.zone = zone;
    this.notBefore = start;
    this.firstDay = start.atZone(zone).toLocalDate();
    this.schedule = new ProgrammeSchedule(patient.profile().condition(), behaviour.intensiveDays());
    this.rng = Seeds.stream(patient.profile().seed(), 0xDEF1L);
    this.spot = new SpotReadings(patient.profile(), rng);
    for (Device d : patient.devices()) {
      Duration skew = Duration.ZERO;
      if (rng.nextDouble() < behaviour.clockSkewShare()) {
        long max = behaviour.maxClockSkew().toSeconds();
        skew = Duration.ofSeconds(max == 0 ? 0 : rng.nextLong(-max, max + 1));
      }
      states.put(
          d.id(),
          new DeviceState(
              d,
              skew,
              40 + 60 * rng.nextDouble(),
              d.kind().prefix() + "-fw-1." + rng.nextInt(5) + "." + rng.nextInt(10)));
    }
  }

  public CohortPatient patient() {
    return patient;
  }

  /** All messages whose measurement (or keep-alive) falls on day {@code dayIndex}, unsorted. */
  public List<SimMessage> day(int dayIndex) {
    LocalDate date = firstDay.plusDays(dayIndex);
    Instant dayStart = date.atStartOfDay(zone).toInstant();
    List<SimMessage> out = new ArrayList<>();
    for (DeviceState s : states.values()) {
      startOfDay(s, dayStart);
    }
    scheduledSessions(dayIndex, date, out);
    wearableStream(date, out);
    contact(date, out);
    statuses(dayStart, out);
    return out;
  }

  private void startOfDay(DeviceState s, Instant dayStart) {
    s.battery -= 1 + 3 * rng.nextDouble();
    if (s.battery < 15 && rng.nextDouble() < 0.5) {
      s.battery = 100;
    }
    if (!s.isOfflineAt(dayStart) && rng.nextDouble() < behaviour.offlinePerDay()) {
      s.offlineFrom = dayStart.plusSeconds(rng.nextLong(86400));
      long minS = Duration.ofHours(2).toSeconds();
      long maxS = Math.max(minS + 1, behaviour.maxOffline().toSeconds());
      s.offlineUntil = s.offlineFrom.plusSeconds(rng.nextLong(minS, maxS));
    }
  }

  private void scheduledSessions(int dayIndex, LocalDate date, List<SimMessage> out) {
    TreeSet<LocalTime> slots = new TreeSet<>();
    for (DeviceState s : states.values()) {
      slots.addAll(schedule.slots(s.device.kind(), dayIndex, date));
    }
    for (LocalTime slot : slots) {
      if (rng.nextDouble() >= behaviour.adherence()) {
        continue;
      }
      // Patients measure around the asked time, rarely exactly at it.
      long jitter = (long) Math.max(-5400, Math.min(5400, rng.nextGaussian() * 1500));
      Instant sessionStart = date.atTime(slot).atZone(zone).toInstant().plusSeconds(jitter);
      int step = 0;
      for (DeviceState s : states.values()) {
        if (!schedule.slots(s.device.kind(), dayIndex, date).contains(slot)) {
          continue;
        }
        Instant t = sessionStart.plusSeconds(step++ * 120L + rng.nextInt(60));
        if (!t.isBefore(notBefore)) {
          spotReading(s, t, out);
        }
      }
    }
  }

  private void spotReading(DeviceState s, Instant t, List<SimMessage> out) {
    VitalSigns v = patient.physiology().at(t);
    String kind = SpotReadings.messageKind(s.device.kind());
    if (kind != null) {
      emit(s, kind, t, spot.payload(s.device.kind(), v), out);
    }
  }

  private void wearableStream(LocalDate date, List<SimMessage> out) {
    DeviceState s =
        patient.devices().stream()
            .filter(d -> d.kind() == DeviceKind.WEARABLE_OXIMETER)
            .findFirst()
            .map(d -> states.get(d.id()))
            .orElse(null);
    if (s == null || behaviour.wearableHours() <= 0) {
      return;
    }
    Instant from =
        date.atTime(22, 30).atZone(zone).toInstant().plusSeconds(rng.nextLong(-1800, 1800));
    long seconds = (long) (behaviour.wearableHours() * 3600);
    for (long i = 0; i < seconds; i++) {
      Instant t = from.plusSeconds(i);
      if (t.isBefore(notBefore)) {
        continue;
      }
      VitalSigns v = patient.physiology().at(t);
      emit(
          s,
          "measurement",
          t,
          (id, at, sent, ctx) -> {
            ctx.put("continuous", true);
            return Payloads.measurement(
                id,
                at,
                sent,
                List.of(
                    new Payloads.Value(
                        "spo2", SpotReadings.spo2(v.spo2() + 0.7 * rng.nextGaussian()), "%"),
                    new Payloads.Value(
                        "pulse", Math.round(v.pulse() + 1.5 * rng.nextGaussian()), "/min")),
                ctx);
          },
          out);
    }
  }

  private void contact(LocalDate date, List<SimMessage> out) {
    DeviceState tablet =
        patient.device(DeviceKind.TABLET).map(d -> states.get(d.id())).orElse(null);
    if (tablet == null) {
      return;
    }
    Instant t = date.atTime(17, 0).atZone(zone).toInstant().plusSeconds(rng.nextLong(5 * 3600));
    double intensity = patient.physiology().at(t).episodeIntensity();
    // Worried patients call more when something is actually going on.
    if (rng.nextDouble() < behaviour.contactPerDay() * (1 + 8 * intensity)
        && !t.isBefore(notBefore)) {
      String text = CONTACT_TEXTS[rng.nextInt(CONTACT_TEXTS.length)];
      emit(
          tablet,
          "contact",
          t,
          (id, at, sent, ctx) -> Payloads.contact(id, at, sent, "worried", text),
          out);
    }
  }

  private void statuses(Instant dayStart, List<SimMessage> out) {
    long every = Math.max(60, behaviour.statusEvery().toSeconds());
    for (DeviceState s : states.values()) {
      long offset = Math.floorMod(s.device.id().hashCode(), every);
      for (long at = offset; at < 86400; at += every) {
        Instant t = dayStart.plusSeconds(at);
        if (s.isOfflineAt(t) || t.isBefore(notBefore)) {
          continue;
        }
        emitStatus(s, t, out);
      }
    }
  }

  private void emit(
      DeviceState s,
      String kind,
      Instant t,
      SpotReadings.PayloadBuilder builder,
      List<SimMessage> out) {
    boolean late = s.isOfflineAt(t);
    boolean streaming = s.device.kind() == DeviceKind.WEARABLE_OXIMETER;
    Instant sendAt =
        late
            // The backlog goes up in whatever order the device's storage yields: out of order.
            ? s.offlineUntil.plusMillis(rng.nextLong(60_000))
            : t.plusMillis(streaming ? 200 : 500 + rng.nextLong(3500));
    s.battery -= streaming ? 0.0005 : 0.05;
    String msgId = nextMsgId(s);
    Map<String, Object> ctx = new LinkedHashMap<>();
    if ("measurement".equals(kind) || "spirometry".equals(kind)) {
      ctx.put("battery", s.batteryPercent());
      ctx.put("firmware", s.firmware);
    }
    Map<String, Object> payload =
        builder.build(msgId, t.plus(s.clockSkew), sendAt.plus(s.clockSkew), ctx);
    finish(s, kind, msgId, payload, t, sendAt, late, out);
  }

  private void emitStatus(DeviceState s, Instant t, List<SimMessage> out) {
    String msgId = nextMsgId(s);
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("battery", s.batteryPercent());
    ctx.put("firmware", s.firmware);
    finish(
        s, "status", msgId, Payloads.status(msgId, t.plus(s.clockSkew), ctx), null, t, false, out);
  }

  private void finish(
      DeviceState s,
      String kind,
      String msgId,
      Map<String, Object> payload,
      Instant measuredAt,
      Instant sendAt,
      boolean late,
      List<SimMessage> out) {
    Fault fault = null;
    String reason = null;
    String json;
    if (rng.nextDouble() < behaviour.faultShare()) {
      fault = FAULTS[rng.nextInt(FAULTS.length)];
      Corruptor.Result r = Corruptor.corrupt(fault, payload, rng);
      json = r.json();
      reason = r.reason();
    } else {
      json = JsonText.write(payload);
    }
    SimMessage m =
        new SimMessage(
            s.device.id(),
            patient.profile().key(),
            kind,
            msgId,
            json.getBytes(StandardCharsets.UTF_8),
            measuredAt,
            sendAt,
            s.clockSkew,
            late,
            false,
            fault,
            reason);
    out.add(m);
    if (fault == null && rng.nextDouble() < behaviour.duplicateShare()) {
      // A device that missed the PUBACK sends the very same bytes again after reconnecting.
      out.add(m.asDuplicateSentAt(sendAt.plusMillis(1000 + rng.nextLong(600_000))));
    }
  }

  private String nextMsgId(DeviceState s) {
    return behaviour.msgIdPrefix() + String.format("%08d", ++s.sequence);
  }
}
