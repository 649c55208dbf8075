package io.moebench.core;

/**
 * Bad input from the user: a flag value, a file, a shape. The message is one line that names the
 * problem and the allowed values; the CLI prints it as is and exits with code 2.
 */
public class InputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Throws an InputException with the message when the condition does not hold. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new InputException(message);
    }
  }
}
