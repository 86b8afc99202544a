package io.shoal.engine.daemon;

/** A flag or configuration-file setting shoald cannot use; the message names the flag (or key) and what is wrong. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code flag} is the option as the user wrote it, e.g. {@code --data-root}. */
    public ConfigException(String flag, String problem) {
        super(flag + ": " + problem);
    }

    ConfigException(String flag, String problem, Throwable cause) {
        super(flag + ": " + problem, cause);
    }
}
