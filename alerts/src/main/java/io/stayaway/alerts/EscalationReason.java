package io.stayaway.alerts;

/** Why an escalation step became due. */
public enum EscalationReason {
    /** Nobody acknowledged a critical alert within the policy's time. */
    ACK_TIMEOUT,
    /** A notification to the duty desk finally failed (provider refused it or reported it undelivered). */
    DESK_DELIVERY_FAILED
}
