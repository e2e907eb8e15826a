package dev.floe.ml.api;

/**
 * A request the model service cannot answer, with the kind of failure that decides the protocol's status code
 * (TF Serving and the Open Inference Protocol answer 400, 404 and 503 alike) and a message in the caller's terms.
 */
public final class ServingException extends RuntimeException {

    /** What went wrong, from the caller's side. */
    public enum Kind {
        /** The request is malformed or does not fit the model's signature: 400. */
        INVALID_ARGUMENT(400),
        /** No such model, version or alias: 404. */
        NOT_FOUND(404),
        /** The model is known but cannot answer now (loading, failed to load, queue full): 503. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** The HTTP status both protocols use for this kind. */
        public int httpStatus() {
            return status;
        }
    }

    private final Kind kind;

    public ServingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ServingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
