package io.stayaway.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own {@code /openapi.yaml}, parsed by vertx-openapi, and a validator of real answers against it
 * (used by {@link OpenApiIT} and the fuzz suite, {@link ApiFuzzIT}).
 */
final class ServedContract {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TWIML = "text/xml; charset=utf-8";

    final OpenAPIContract contract;
    private final ResponseValidator validator;

    private ServedContract(OpenAPIContract contract, ResponseValidator validator) {
        this.contract = contract;
        this.validator = validator;
    }

    /** Parses {@code document}, the text the gateway serves at {@code /openapi.yaml}. */
    static ServedContract parse(Vertx vertx, String document) throws Exception {
        Path file = Files.createTempFile("stayaway-openapi", ".yaml");
        try {
            // vertx-openapi validates only a fixed list of media types and refuses a document naming others; the
            // served document names the true ones (ZIP, HTML, event stream), so the copy it validates with calls
            // them octet streams (TwiML, text/xml, plain text). Those operations' JSON answers (errors, the JSON
            // report) are still validated;
            // their binary bodies are checked by hand.
            Files.writeString(
                    file,
                    document.replace("'application/zip':", "'application/octet-stream':")
                            .replace("'text/event-stream':", "'application/octet-stream':")
                            .replace("'text/html; charset=utf-8':", "'text/plain; charset=utf-8':")
                            .replace("'text/xml; charset=utf-8':", "'text/plain; charset=utf-8':"));
            OpenAPIContract contract = OpenAPIContract.from(vertx, file.toString())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return new ServedContract(contract, ResponseValidator.create(vertx, contract));
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Checks a real answer of {@code operationId} against the document: its status must be documented and its
     * body match that status's schema. Throws an AssertionError saying what differs.
     */
    void validate(String operationId, int status, String body, String contentType) throws Exception {
        if (PROMETHEUS_TEXT.equals(contentType)) {
            // vertx-openapi accepts only a fixed list of media types, without Prometheus' version parameter; the
            // document names it in prose.
            contentType = "text/plain; charset=utf-8";
        }
        if (TWIML.equals(contentType)) {
            contentType = "text/plain; charset=utf-8"; // as the document's copy names it (see parse)
        }
        ValidatableResponse response = body.isEmpty()
                ? ValidatableResponse.create(status)
                : ValidatableResponse.create(status, Buffer.buffer(body), contentType);
        try {
            validator
                    .validate(response, operationId)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(
                    operationId + " " + status + " does not match the document: "
                            + e.getCause().getMessage() + "\n" + abbreviate(body),
                    e.getCause());
        }
    }

    /** Whether the document names {@code status} (or a default) among the answers of {@code op}. */
    static boolean documents(Operation op, int status) {
        return op.getResponse(status) != null || op.getDefaultResponse() != null;
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " chars)";
    }
}
