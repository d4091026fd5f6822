package dev.tokenvault.bench;

import dev.tokenvault.crypto.Binding;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seal and open a token-sized secret: Tokenvault's sealer (Tink AES-256-GCM, associated data,
 * base64 text) against raw JCA AES-256-GCM with the same associated data and reused {@code Cipher}
 * objects, the limit on this machine.
 */
@State(Scope.Thread)
public class SealingBenchmark {
  private static final String TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"; // a Todoist-sized token

  private Sealer sealer;
  private Binding binding;
  private SecretKey key;
  private byte[] aad;
  private final SecureRandom random = new SecureRandom();
  private Cipher encrypt;
  private Cipher decrypt;

  @Setup
  public void setUp() throws Exception {
    sealer = Keyring.generate().sealer();
    binding = new Binding("tv_connections", "7d1c6a9e-0000-4000-8000-000000000000", "sealed_access_token");
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    key = generator.generateKey();
    aad = "tv_connections|7d1c6a9e-0000-4000-8000-000000000000|sealed_access_token".getBytes(StandardCharsets.UTF_8);
    encrypt = Cipher.getInstance("AES/GCM/NoPadding");
    decrypt = Cipher.getInstance("AES/GCM/NoPadding");
  }

  @Benchmark
  public String tokenvaultSealAndOpen() {
    return sealer.open(sealer.seal(TOKEN, binding), binding);
  }

  @Benchmark
  public byte[] jcaAesGcmSealAndOpen() throws Exception {
    byte[] iv = new byte[12];
    random.nextBytes(iv);
    encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    encrypt.updateAAD(aad);
    byte[] sealed = encrypt.doFinal(TOKEN.getBytes(StandardCharsets.UTF_8));
    decrypt.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
    decrypt.updateAAD(aad);
    return decrypt.doFinal(sealed);
  }
}
