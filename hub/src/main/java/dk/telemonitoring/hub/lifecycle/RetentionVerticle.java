package dk.telemonitoring.hub.lifecycle;

import dk.telemonitoring.hub.config.HubConfig;
import dk.telemonitoring.hub.config.Setting;
import dk.telemonitoring.hub.store.StorageMode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link RetentionJob} every {@code HUB_RETENTION_INTERVAL_MINUTES} on a worker thread
 * (never two runs of this hub at once; across hubs the job's advisory lock decides). Undeploying
 * the verticle stops the timer.
 */
public final class RetentionVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  private final HubConfig config;
  private final StorageMode storageMode;
  private final AtomicBoolean running = new AtomicBoolean();

  public RetentionVerticle(HubConfig config, StorageMode storageMode) {
    this.config = config;
    this.storageMode = storageMode;
  }

  @Override
  public Future<?> start() {
    int rawDays = config.getInt(Setting.RETENTION_RAW_DAYS);
    long intervalMs = Math.max(1, config.getInt(Setting.RETENTION_INTERVAL_MINUTES)) * 60_000L;
    RetentionJob job =
        new RetentionJob(
            config.db(),
            storageMode,
            new RetentionJob.Settings(
                rawDays,
                config.getInt(Setting.RETENTION_AGGREGATE_REFRESH_DAYS),
                config.getInt(Setting.RETENTION_DELETE_BATCH)));
    if (rawDays <= 0) {
      LOG.info(
          "raw readings are kept without limit [retention: off, aggregates refreshed every {} min]",
          intervalMs / 60_000);
    } else {
      LOG.info(
          "raw readings older than {} days are dropped [mode: {}, every {} min]",
          rawDays,
          storageMode.label(),
          intervalMs / 60_000);
      if (rawDays <= config.getInt(Setting.INGEST_MAX_AGE_DAYS)) {
        LOG.warn(
            "retention is shorter than the accepted upload age [raw days: {}, max age days: {}]:"
                + " late uploads go straight into the daily aggregates",
            rawDays,
            config.getInt(Setting.INGEST_MAX_AGE_DAYS));
      }
    }
    vertx.setPeriodic(
        Math.min(intervalMs, 60_000L),
        intervalMs,
        id -> {
          if (!running.compareAndSet(false, true)) {
            return;
          }
          vertx
              .executeBlocking(() -> job.runOnce(Instant.now()), false)
              .onFailure(e -> LOG.warn("retention run failed [reason: {}]", e.getMessage()))
              .onComplete(ar -> running.set(false));
        });
    return Future.succeededFuture();
  }
}
