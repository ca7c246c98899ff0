package io.stayaway.gateway;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.EscalationPolicy;
import io.stayaway.alerts.NotificationDispatcher;
import io.stayaway.alerts.checkin.CheckInSettings;
import io.stayaway.alerts.checkin.CheckIns;
import io.stayaway.alerts.notify.DryRunChannel;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.TwilioChannel;
import io.stayaway.alerts.notify.TwilioSettings;
import io.stayaway.gateway.alerting.RegistryCheckInOrders;
import io.stayaway.gateway.orders.OrderRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** How the gateway builds the alerts module's parts from its configuration (part of the composition root). Stateless. */
final class AlertingSetup {
    private AlertingSetup() {}

    /** Where alerts are sent: Twilio when it is configured, otherwise a dry run. */
    static NotificationChannel notificationChannel(GatewayConfig config) {
        return config.twilioEnabled()
                ? new TwilioChannel(new TwilioSettings(
                        config.twilioAccountSid(),
                        config.twilioAuthToken(),
                        config.twilioFromNumber(),
                        config.twilioApiBaseUrl(),
                        config.twilioStatusCallbackUrl(),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(10)))
                : new DryRunChannel();
    }

    /** Escalation delays and the warning budget from the configuration, and Twilio's status webhook if a callback URL is configured. */
    static Alerting.Settings alertingSettings(GatewayConfig config) {
        return new Alerting.Settings(
                EscalationPolicy.defaults().withDelays(config.escalationAck(), config.escalationSupervisor()),
                NotificationDispatcher.Settings.defaults(),
                config.twilioStatusCallbackUrl() == null
                        ? null
                        : new Alerting.WebhookSettings(config.twilioAuthToken(), config.twilioStatusCallbackUrl()),
                config.warningBudget());
    }

    /**
     * Safety check-ins (issue #19) on the alerts schema, for the registry's orders, through the same channel as
     * alerts; replies are taken only when TWILIO_INBOUND_URL is set.
     */
    static CheckIns checkIns(
            GatewayConfig config,
            DataSource dataSource,
            NotificationChannel channel,
            Clock clock,
            AlertService alerts,
            OrderRegistry orders) {
        CheckInSettings.Inbound inbound = config.twilioInboundUrl() == null
                ? null
                : new CheckInSettings.Inbound(config.twilioAuthToken(), config.twilioInboundUrl());
        return CheckIns.create(
                dataSource, channel, clock, alerts, new RegistryCheckInOrders(orders), config.checkIns(), inbound);
    }
}
