package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;

/**
 * What {@code POST /containers/{id}/wait?condition=…} waits for (Docker Engine API ≥ 1.30): the container not running
 * (at once if it is not), its next exit, or its removal.
 */
public enum WaitCondition {
    NOT_RUNNING("not-running"),
    NEXT_EXIT("next-exit"),
    REMOVED("removed");

    private final String apiName;

    WaitCondition(String apiName) {
        this.apiName = apiName;
    }

    /**
     * The condition named {@code text}; {@code ""} means {@code not-running}.
     *
     * @throws EngineException INVALID_ARGUMENT for another name
     */
    public static WaitCondition parse(String text) throws EngineException {
        if (text.isEmpty()) {
            return NOT_RUNNING;
        }
        for (WaitCondition condition : values()) {
            if (condition.apiName.equals(text)) {
                return condition;
            }
        }
        throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid condition: \"" + text + "\"");
    }
}
