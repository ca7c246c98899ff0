package io.stayaway.gateway.orders;

/** An order document that cannot be accepted; names the field at fault (e.g. {@code zones[1].circle.radius}). */
public final class OrderValidationException extends RuntimeException {
    private final String field;

    public OrderValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
