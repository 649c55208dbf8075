package io.moebench.core.util;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The single owner of a group of native handles (ARCHITECTURE.md): handles are released in reverse
 * creation order, close() is idempotent, a failing release does not stop the others (it is added
 * as suppressed to the first failure, which is rethrown at the end), and {@link #open()} counts
 * what is still held, for leak tests. Scopes nest: a child scope is one handle of its parent.
 */
public final class NativeScope implements AutoCloseable {
  /** A release action that may throw. */
  @FunctionalInterface
  public interface Release {
    void run() throws Exception;
  }

  private final String owner;
  private final Deque<Entry> handles = new ArrayDeque<>();
  private boolean closed;

  private record Entry(String what, Release release, NativeScope child) {}

  public NativeScope(String owner) {
    this.owner = owner;
  }

  /** Registers a handle and its release; returns the handle. Fails if the scope is closed. */
  public synchronized <T> T add(String what, T handle, Release release) {
    ensureOpen();
    handles.push(new Entry(what, release, null));
    return handle;
  }

  /** A nested scope, closed with this one unless closed first. */
  public synchronized NativeScope child(String what) {
    ensureOpen();
    NativeScope c = new NativeScope(owner + "/" + what);
    handles.push(new Entry(what, c::close, c));
    return c;
  }

  /** Releases one handle early (e.g. a buffer replaced by a larger one). Unknown handles are ignored. */
  public synchronized void release(Release release) {
    for (var it = handles.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.release == release) {
        it.remove();
        runQuietly(e, null);
        return;
      }
    }
  }

  /** Handles still held, counting those of open child scopes. */
  public synchronized int open() {
    int n = 0;
    for (Entry e : handles) {
      n += e.child == null ? 1 : e.child.open();
    }
    return n;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Throws IllegalStateException naming the owner when closed. */
  public synchronized void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(owner + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    while (!handles.isEmpty()) {
      failure = runQuietly(handles.pop(), failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private RuntimeException runQuietly(Entry e, RuntimeException failure) {
    try {
      e.release.run();
    } catch (Exception | LinkageError ex) {
      RuntimeException wrapped = new IllegalStateException(owner + ": releasing " + e.what + " failed: " + ex, ex);
      if (failure == null) {
        return wrapped;
      }
      failure.addSuppressed(wrapped);
    }
    return failure;
  }
}
