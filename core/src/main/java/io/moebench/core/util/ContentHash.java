package io.moebench.core.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of texts added in order, as UTF-8 bytes with nothing between them: the backends' on-disk
 * compile caches key on it and kernel fingerprints are its first digits, so the same texts give the
 * same hex in every JVM. Callers add their own separators.
 */
public final class ContentHash {
  /** Hex digits of a kernel fingerprint: 48 bits, plenty to tell the builds of one kernel apart. */
  public static final int FINGERPRINT_DIGITS = 12;

  private final MessageDigest sha;

  private ContentHash() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public static ContentHash sha256() {
    return new ContentHash();
  }

  public ContentHash add(String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The 64 hex digits of everything added; ends this hash. */
  public String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The first {@link #FINGERPRINT_DIGITS} hex digits; ends this hash. */
  public String fingerprint() {
    return hex().substring(0, FINGERPRINT_DIGITS);
  }
}
