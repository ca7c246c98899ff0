package io.stayaway.gateway;

import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.EscalationScheduler;
import io.stayaway.alerts.NotificationDispatcher;
import io.stayaway.gateway.alerting.AlertRaiser;
import io.stayaway.gateway.cluster.OwnedOrders;
import io.stayaway.gateway.cluster.RecordRouting;
import io.stayaway.gateway.downlink.DownlinkQueue;
import io.stayaway.gateway.evaluation.EvaluationService;
import io.stayaway.gateway.health.DeviceHealthMonitor;
import io.stayaway.gateway.ingest.RejectionLog;
import io.stayaway.gateway.ops.GatewayMetrics;
import io.stayaway.gateway.orders.OrderSync;
import io.stayaway.gateway.storage.TelemetryWriter;
import java.util.function.BooleanSupplier;

/**
 * Registers the gateway's meters on its {@link GatewayMetrics}, grouped by the step of a ping they measure
 * (docs/operations.md, "Health, readiness and metrics"). Built once at start-up by {@link Gateway}; holds
 * only references to the parts it reads.
 */
record GatewayMeters(
        GatewayMetrics metrics,
        TelemetryWriter writer,
        RejectionLog rejections,
        EvaluationService evaluation,
        AlertRaiser raiser,
        Alerting alerting,
        DeviceHealthMonitor health,
        DownlinkQueue downlink,
        RecordRouting routing,
        OwnedOrders owned,
        OrderSync orderSync,
        BooleanSupplier ready) {

    /** Registers every meter. */
    void registerAll(NotificationDispatcher dispatcher) {
        registerStorageMetrics();
        registerEvaluationMetrics();
        registerAlertingMetrics(dispatcher);
        registerHealthMetrics();
        registerDownlinkMetrics();
        registerClusterMetrics();
    }

    /** Commands to devices: waiting for acknowledgement, delivered, retried, superseded, expired, failed writes. */
    void registerDownlinkMetrics() {
        metrics.gauge(
                "stayaway_downlink_pending",
                "commands to devices not yet acknowledged",
                downlink,
                DownlinkQueue::pendingCount);
        metrics.counter(
                "stayaway_downlink_delivered",
                "commands to devices acknowledged",
                downlink,
                DownlinkQueue::deliveredCount);
        metrics.counter(
                "stayaway_downlink_retries",
                "command deliveries that failed and are retried (device away, broker busy or down)",
                downlink,
                DownlinkQueue::retryCount);
        metrics.counter(
                "stayaway_downlink_superseded",
                "pending set_interval commands replaced by a newer one",
                downlink,
                DownlinkQueue::supersededCount);
        metrics.counter(
                "stayaway_downlink_expired",
                "notify commands that expired before their device was reachable",
                downlink,
                DownlinkQueue::expiredCount);
        metrics.counter(
                "stayaway_downlink_failures",
                "commands that could not be written yet (retried) or were malformed",
                downlink,
                DownlinkQueue::failureCount);
    }

    /** Ingestion and storage: records stored, recognised as duplicates, waiting, refused and not kept. */
    void registerStorageMetrics() {
        metrics.counter("stayaway_ingest_stored", "records newly stored", writer, TelemetryWriter::storedCount);
        metrics.counter(
                "stayaway_ingest_duplicates",
                "redelivered records recognised and stored once",
                writer,
                TelemetryWriter::duplicateCount);
        metrics.gauge(
                "stayaway_ingest_queue_depth", "records accepted, not yet stored", writer, TelemetryWriter::queueDepth);
        for (io.stayaway.gateway.ingest.RejectReason reason : io.stayaway.gateway.ingest.RejectReason.values()) {
            metrics.counter(
                    "stayaway_ingest_rejected",
                    "uplink records refused, by reason",
                    "reason",
                    reason.wireName(),
                    rejections,
                    l -> l.count(reason));
        }
        metrics.counter(
                "stayaway_rejections_not_kept",
                "refused raw messages that could not be kept for investigation",
                writer,
                TelemetryWriter::rejectionsDropped);
    }

    /** Geofence evaluation: its count and time, and the failures (of evaluation or of the hand-over to it). */
    void registerEvaluationMetrics() {
        metrics.counter("stayaway_evaluations", "geofence evaluations", evaluation, EvaluationService::evaluationCount);
        metrics.counter(
                "stayaway_evaluation_failures",
                "evaluation tasks that failed (each may be a missed alert)",
                evaluation,
                EvaluationService::failureCount);
        metrics.counter(
                "stayaway_evaluation_handover_failures",
                "stored batches not handed to evaluation (each may be a missed alert)",
                writer,
                TelemetryWriter::handOverFailureCount);
        metrics.counter(
                "stayaway_evaluation_seconds",
                "time spent in geofence evaluation",
                evaluation,
                e -> e.evaluationNanos() / 1e9);
    }

    /** Alerting and notification: alerts stored, failed and waiting; notifications sent and given up. */
    void registerAlertingMetrics(NotificationDispatcher dispatcher) {
        metrics.counter("stayaway_alerts_stored", "alert raises and updates stored", raiser, AlertRaiser::raisedCount);
        metrics.counter(
                "stayaway_alert_store_failures",
                "alert store attempts that failed (retried; alerts late)",
                raiser,
                AlertRaiser::failureCount);
        metrics.gauge("stayaway_alert_backlog", "alert triggers waiting to be stored", raiser, AlertRaiser::backlog);
        metrics.counter(
                "stayaway_notifications_sent",
                "notifications accepted by the provider",
                dispatcher,
                NotificationDispatcher::sentCount);
        metrics.counter(
                "stayaway_notifications_failed",
                "notifications given up after all attempts",
                dispatcher,
                NotificationDispatcher::failedCount);
        metrics.counter(
                "stayaway_escalation_failures",
                "escalation steps that failed and were postponed (each a late escalation)",
                alerting.escalations(),
                EscalationScheduler::failureCount);
    }

    /** Health: of the devices (online, and the timer that watches them) and of the gateway itself (ready). */
    void registerHealthMetrics() {
        metrics.counter(
                "stayaway_health_check_failures",
                "device health timer passes that failed (loss alerts may be missed)",
                health,
                DeviceHealthMonitor::failureCount);
        metrics.gauge(
                "stayaway_devices_online",
                "devices heard from within the communication-loss window",
                health,
                DeviceHealthMonitor::onlineCount);
        metrics.gauge(
                "stayaway_ready",
                "1 while the database is writable and MQTT connected",
                () -> ready.getAsBoolean() ? 1 : 0);
    }

    /** The cluster: orders this node evaluates, and records carried to (or re-routed towards) their owner. */
    void registerClusterMetrics() {
        metrics.gauge(
                "stayaway_cluster_orders_held",
                "active orders this node owns and evaluates",
                owned,
                o -> o.held().size());
        metrics.counter(
                "stayaway_cluster_orders_taken_on",
                "orders this node took on (at start-up, or from a node that left or died)",
                owned,
                OwnedOrders::takenOnCount);
        metrics.counter(
                "stayaway_cluster_records_forwarded",
                "stored records sent to the node that owns their order",
                routing,
                RecordRouting::forwardedCount);
        metrics.counter(
                "stayaway_cluster_records_rerouted",
                "stored records routed again (owner changed, unreachable or not yet known)",
                routing,
                RecordRouting::reroutedCount);
        metrics.counter(
                "stayaway_cluster_order_sync_failures",
                "order change announcements or reconciles not completed (retried by the next reconcile)",
                orderSync,
                OrderSync::failureCount);
        metrics.counter(
                "stayaway_cluster_orders_reconciled",
                "order changes taken in by the periodic reconcile rather than their announcement (a missed announcement)",
                orderSync,
                OrderSync::reconciledCount);
    }
}
