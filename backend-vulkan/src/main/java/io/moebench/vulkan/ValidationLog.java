package io.moebench.vulkan;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings and errors the Khronos validation layer (and the loader) report through the debug-utils
 * messenger of a backend opened with validation on. Tests assert it stays empty. Thread-safe: the
 * layer may call from driver threads.
 */
public final class ValidationLog {
  private final List<String> messages = new ArrayList<>();

  synchronized void add(String message) {
    messages.add(message);
    System.err.println("[vulkan validation] " + message);
  }

  public synchronized int count() {
    return messages.size();
  }

  public synchronized List<String> messages() {
    return List.copyOf(messages);
  }
}
