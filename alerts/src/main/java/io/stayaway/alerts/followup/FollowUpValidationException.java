package io.stayaway.alerts.followup;

/** A follow-up contact that breaks a rule, naming the field at fault (the API answers 400 with it). */
public final class FollowUpValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public FollowUpValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
