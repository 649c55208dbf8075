package io.moebench.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentHashTest {
  /** SHA-256("abc"), FIPS 180-2's example: the digest owes nothing to this JVM. */
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void isTheSha256OfTheTextsInOrderWithNothingBetweenThem() {
    assertThat(ContentHash.sha256().add("abc").hex()).isEqualTo(ABC);
    assertThat(ContentHash.sha256().add("a").add("").add("bc").hex()).isEqualTo(ABC);
    assertThat(ContentHash.sha256().add("bc").add("a").hex()).isNotEqualTo(ABC);
  }

  @Test
  void aFingerprintIsTheDigestsFirstTwelveHexDigits() {
    assertThat(ContentHash.sha256().add("abc").fingerprint()).isEqualTo(ABC.substring(0, 12))
        .hasSize(ContentHash.FINGERPRINT_DIGITS);
  }

  @Test
  void textIsHashedAsUtf8WhateverTheDefaultCharset() {
    assertThat(ContentHash.sha256().add("\u00e9").hex()).isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  }
}
