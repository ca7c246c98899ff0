package io.stayaway.alerts.http;

/** A request refused with a status, an error code and (when one field is at fault) its path. */
final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    ApiError(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_parameter", message, field);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }
}
