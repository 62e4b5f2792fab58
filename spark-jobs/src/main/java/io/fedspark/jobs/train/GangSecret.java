package io.fedspark.jobs.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The secret a barrier epoch's connections must present: 32 random bytes drawn by the driver for
 * each epoch and shipped to the tasks in the stage's closure (so it is exactly as private as the
 * task itself: Spark's RPC carries it, authenticated with {@code spark.authenticate} and encrypted
 * with {@code spark.network.crypto.enabled}). The rendezvous and every ring connection start with
 * it; a connection without it is closed before a byte of it is read as data, so another user on the
 * node cannot register a fake task or inject parameters into the exchange.
 */
final class GangSecret implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] value;

  private GangSecret(byte[] value) {
    this.value = value;
  }

  /** A fresh secret. */
  static GangSecret draw() {
    byte[] v = new byte[BYTES];
    RANDOM.nextBytes(v);
    return new GangSecret(v);
  }

  /** Sends the secret first on a new connection. */
  void present(DataOutputStream out) throws IOException {
    out.write(value);
  }

  /**
   * Reads a connection's first bytes and checks them (in constant time).
   *
   * @throws IOException naming {@code peer} if they are not the secret
   */
  void check(DataInputStream in, String peer) throws IOException {
    byte[] got = new byte[BYTES];
    in.readFully(got);
    if (!MessageDigest.isEqual(value, got)) {
      throw new IOException("a connection from " + peer + " did not present this epoch's secret: refused");
    }
  }
}
