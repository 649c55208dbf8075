package io.moebench.testkit.broken;

/** Throws from its constructor: ServiceLoader reports it as a ServiceConfigurationError. */
public final class ThrowingConstructorProvider extends BrokenProvider {
  public ThrowingConstructorProvider() {
    throw new IllegalStateException("constructor exploded");
  }

  @Override
  public String id() {
    return "broken-constructor";
  }
}
