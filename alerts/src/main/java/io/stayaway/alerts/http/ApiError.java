package io.stayaway.alerts.http;

/**
 * A refusal the API reports as JSON {@code {"error": code, "message": …, "field": …}} with an HTTP
 * status (openapi.yaml, {@code Error}); used by the alert routes and by the gateway's. It carries no
 * stack trace: it is an answer, not a fault. Immutable.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** A 400 for one bad input, named by {@code field}. */
    public static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_parameter", message, field);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The input at fault, or null. */
    public String field() {
        return field;
    }
}
