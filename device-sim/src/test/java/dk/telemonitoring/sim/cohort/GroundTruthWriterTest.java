package dk.telemonitoring.sim.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthWriterTest {

  @Test
  void writesOneParseableLinePerEpisodeWithOnsetPeakAndEnd() throws Exception {
    Cohort cohort =
        Cohort.create(
            CohortSpec.defaults(30, 120, Instant.parse("2026-01-05T00:00:00Z"), 7)
                .withEpisodeRate(4));
    StringWriter out = new StringWriter();
    GroundTruthWriter.write(cohort, out);
    List<String> lines = out.toString().lines().toList();

    assertThat(lines).hasSize(cohort.episodes().size()).isNotEmpty();
    for (String line : lines) {
      JsonObject o = new JsonObject(line);
      Instant onset = Instant.parse(o.getString("onset"));
      assertThat(onset).isBefore(Instant.parse(o.getString("peak")));
      assertThat(Instant.parse(o.getString("peak")))
          .isBeforeOrEqualTo(Instant.parse(o.getString("end")));
      assertThat(o.getString("kind"))
          .isIn("copd_exacerbation", "hf_decompensation", "fibrosis_decline");
      assertThat(o.getJsonArray("devices").getList()).isNotEmpty();
      assertThat(o.getString("patientId")).hasSize(36);
    }
  }
}
