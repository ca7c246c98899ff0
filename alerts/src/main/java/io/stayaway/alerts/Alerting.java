package io.stayaway.alerts;

import io.stayaway.alerts.notify.NotificationChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
    public record Settings(EscalationPolicy escalation, NotificationDispatcher.Settings delivery, WebhookSettings webhook) {
        public Settings {
            Objects.requireNonNull(escalation, "escalation");
            Objects.requireNonNull(delivery, "delivery");
        }

        /** Defaults without a status webhook (the dry-run channel has nothing to call back). */
        public static Settings defaults() {
            return new Settings(EscalationPolicy.defaults(), NotificationDispatcher.Settings.defaults(), null);
        }

        /**
         * Settings from environment variables (alerts/README.md, "Configuration"), defaults for the
         * ones not set. The webhook is configured when both TWILIO_AUTH_TOKEN and
         * TWILIO_STATUS_CALLBACK_URL are set.
         *
         * @throws IllegalArgumentException naming the key whose value is wrong
         */
        public static Settings fromEnvironment(Map<String, String> env) {
            EscalationPolicy defaults = EscalationPolicy.defaults();
            EscalationPolicy escalation = defaults.withDelays(
                    seconds(env, "STAYAWAY_ESCALATION_ACK_SECONDS", defaults.acknowledgeWithin()),
                    seconds(env, "STAYAWAY_ESCALATION_SUPERVISOR_SECONDS", defaults.supervisorAfter()));
            String token = env.get("TWILIO_AUTH_TOKEN");
            String callback = env.get("TWILIO_STATUS_CALLBACK_URL");
            WebhookSettings webhook = null;
            if (callback != null && !callback.isBlank()) {
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("TWILIO_STATUS_CALLBACK_URL is set but TWILIO_AUTH_TOKEN is not: callbacks could not be verified");
                }
                webhook = new WebhookSettings(token, absoluteUrl("TWILIO_STATUS_CALLBACK_URL", callback));
            }
            return new Settings(escalation, NotificationDispatcher.Settings.defaults(), webhook);
        }

        private static Duration seconds(Map<String, String> env, String key, Duration fallback) {
            String v = env.get(key);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                long s = Long.parseLong(v.trim());
                if (s < 1 || s > 3600) {
                    throw new NumberFormatException();
                }
                return Duration.ofSeconds(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number of seconds from 1 to 3600, got: " + v);
            }
        }

        private static URI absoluteUrl(String key, String v) {
            try {
                URI uri = new URI(v.trim());
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(v, "not an absolute http(s) URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(key + " must be the absolute public URL Twilio calls, got: " + v);
            }
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
        dispatcher = new NotificationDispatcher(dataSource, channel, clock, settings.delivery(), events, settings.escalation());
        escalations = new EscalationScheduler(dataSource, templates, clock, settings.escalation(), events);
        alerts = new AlertService(dataSource, templates, clock, events, settings.escalation());
        workflow = new AlertWorkflow(dataSource, clock, events);
        webhook = settings.webhook() == null ? null
                : new TwilioWebhook(dataSource, clock, settings.webhook().authToken(), settings.webhook().publicUrl(), events, settings.escalation());
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
