package io.stayaway.alerts;

import io.stayaway.alerts.notify.NotificationChannel;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The alerts module assembled: service, workflow, outbox dispatcher, escalation scheduler and (with
 * Twilio) the status webhook, sharing one set of signals. The gateway builds it once, calls
 * {@link #start()}, and closes it on shutdown. Start/close are thread-safe; the parts are documented
 * on their own classes.
 */
public final class Alerting implements AutoCloseable {
    private final AlertEvents events;
    private final AlertService alerts;
    private final AlertWorkflow workflow;
    private final NotificationDispatcher dispatcher;
    private final EscalationScheduler escalations;
    private final TwilioWebhook webhook;

    /** How the module behaves; see each component. Immutable. */
    public record Settings(
            EscalationPolicy escalation,
            NotificationDispatcher.Settings delivery,
            WebhookSettings webhook,
            WarningBudget warningBudget) {
        public Settings {
            Objects.requireNonNull(escalation, "escalation");
            Objects.requireNonNull(delivery, "delivery");
            Objects.requireNonNull(warningBudget, "warningBudget");
        }

        /** With the default warning budget ({@link WarningBudget#defaults()}). */
        public Settings(
                EscalationPolicy escalation, NotificationDispatcher.Settings delivery, WebhookSettings webhook) {
            this(escalation, delivery, webhook, WarningBudget.defaults());
        }

        /** Defaults without a status webhook (the dry-run channel has nothing to call back). */
        public static Settings defaults() {
            return new Settings(EscalationPolicy.defaults(), NotificationDispatcher.Settings.defaults(), null);
        }

        /** The same settings with another warning budget for the protected person. */
        public Settings withWarningBudget(WarningBudget budget) {
            return new Settings(escalation, delivery, webhook, budget);
        }
    }

    /**
     * The status webhook: the auth token that signs callbacks (secret, never logged) and the public
     * URL given to Twilio as StatusCallback (the same value as {@code TwilioSettings.statusCallbackUrl}).
     */
    public record WebhookSettings(String authToken, URI publicUrl) {
        public WebhookSettings {
            if (authToken == null || authToken.isBlank()) {
                throw new IllegalArgumentException("the webhook needs the Twilio auth token");
            }
            Objects.requireNonNull(publicUrl, "publicUrl");
        }

        @Override
        public String toString() {
            return "WebhookSettings[authToken=***, publicUrl=" + publicUrl + "]";
        }
    }

    private Alerting(DataSource dataSource, NotificationChannel channel, Clock clock, Settings settings) {
        MessageTemplates templates = new MessageTemplates();
        events = new AlertEvents();
        dispatcher = new NotificationDispatcher(
                dataSource, channel, clock, settings.delivery(), events, settings.escalation());
        escalations = new EscalationScheduler(dataSource, templates, clock, settings.escalation(), events);
        alerts =
                new AlertService(dataSource, templates, clock, events, settings.escalation(), settings.warningBudget());
        workflow = new AlertWorkflow(dataSource, clock, events);
        webhook = settings.webhook() == null
                ? null
                : new TwilioWebhook(
                        dataSource,
                        clock,
                        settings.webhook().authToken(),
                        settings.webhook().publicUrl(),
                        events,
                        settings.escalation());
    }

    /** Builds the module on a migrated database ({@link AlertSchema#migrate}); nothing runs until {@link #start()}. */
    public static Alerting create(DataSource dataSource, NotificationChannel channel, Clock clock, Settings settings) {
        return new Alerting(dataSource, channel, clock, settings);
    }

    /** Starts the outbox dispatcher and the escalation scheduler threads (idempotent). */
    public synchronized void start() {
        dispatcher.start();
        escalations.start();
    }

    public AlertService alerts() {
        return alerts;
    }

    public AlertWorkflow workflow() {
        return workflow;
    }

    /** The status webhook, present when {@link Settings#webhook()} was given. */
    public Optional<TwilioWebhook> webhook() {
        return Optional.ofNullable(webhook);
    }

    public NotificationDispatcher dispatcher() {
        return dispatcher;
    }

    public EscalationScheduler escalations() {
        return escalations;
    }

    /** Listeners registered here hear every committed change (same as {@link AlertService#addListener}). */
    public AlertEvents events() {
        return events;
    }

    /** Stops the threads; rows they had claimed are claimed again after their lease by the next start. */
    @Override
    public synchronized void close() {
        escalations.close();
        dispatcher.close();
    }
}
