package dk.telemonitoring.hub.store;

import static dk.telemonitoring.hub.store.OneOximeterDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each pool's sessions carry the pool's name as their {@code application_name}, so that an operator
 * reading {@code pg_stat_activity} tells the critical lane's session from triage's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolNameInDatabaseDbTest {

  @Test
  void aSessionIsNamedAfterItsPool() throws Exception {
    try (OneOximeterDatabase store =
        new OneOximeterDatabase("named", "ox-named-1", List.of(UUID.randomUUID()))) {
      Pool first = store.pool(1);
      Pool second = store.pool(1);

      String firstName =
          await(first.query("SELECT current_setting('application_name') AS n").execute())
              .iterator()
              .next()
              .getString("n");
      String secondName =
          await(second.query("SELECT current_setting('application_name') AS n").execute())
              .iterator()
              .next()
              .getString("n");

      assertThat(firstName).isEqualTo("named-0");
      assertThat(secondName).isEqualTo("named-1");
    }
  }
}
