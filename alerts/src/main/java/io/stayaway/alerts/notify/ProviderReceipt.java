package io.stayaway.alerts.notify;

/** What the provider said when it accepted a message: its id (Twilio SID) and initial status. */
public record ProviderReceipt(String providerId, String status) {}
