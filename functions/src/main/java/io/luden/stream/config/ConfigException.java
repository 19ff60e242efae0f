package io.luden.stream.config;

/**
 * The configuration cannot be used: a missing or unreadable file, invalid YAML, or a key that is
 * unknown, mistyped, missing or not supported yet. The message names the file or the key path; the
 * launcher prints it and exits with {@link #EXIT_CODE} before anything is started.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Exit status of a start-up refused for its configuration (1 is left to crashes). */
    public static final int EXIT_CODE = 2;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    public int exitCode() {
        return EXIT_CODE;
    }
}
