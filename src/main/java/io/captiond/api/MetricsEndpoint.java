package io.captiond.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics}: the registry in the Prometheus text format, scraped on a worker thread. */
final class MetricsEndpoint implements Handler<RoutingContext> {

  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final Vertx vertx;
  private final PrometheusMeterRegistry meters;

  MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry meters) {
    this.vertx = vertx;
    this.meters = meters;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // unordered: a scrape need not wait behind other blocking work, nor hold it up
    vertx.executeBlocking(meters::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
        .onFailure(ctx::fail);
  }
}
