package io.fedspark.jobs.cli.hostile;

import static io.fedspark.jobs.cli.hostile.HostileFixtures.withResume;

import io.fedspark.jobs.cli.hostile.ResumeCase.Damage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Rejected resumes, each exiting 2 and leaving the run directory byte-identical: a configuration
 * that differs from the run's (naming each key with both values), checkpoints that are empty,
 * truncated, flipped, foreign or of the other job, and a recorded configuration missing or damaged.
 */
final class ResumeCases {
  private ResumeCases() {}

  static List<ResumeCase> cases() {
    Damage none = d -> { };
    return List.of(
        new ResumeCase("resume: federate with another learning rate names the key", 2,
            (t, run) -> List.of("federate", "--resume", run.toString(), "--set", "federate.client.learning-rate=0.5"),
            false, none, List.of("federate.client.learning-rate (run: ", "given: 0.5")),
        new ResumeCase("resume: train with two changed keys names both", 2,
            (t, run) -> List.of("train", "--resume", run.toString(), "--set", "train.epochs=5", "--set", "run.seed=7"),
            true, none, List.of("2 settings", "train.epochs (run: 3, given: 5)", "run.seed (run: 42, given: 7)")),
        new ResumeCase("resume: federate with another table names the key", 2,
            (t, run) -> List.of("federate", "--resume", run.toString(), "--set",
                "data.source.path=\"" + t.path("parquet") + "\""), false, none, List.of("data.source.path")),
        new ResumeCase("resume: a 0-byte checkpoint", 2, (t, run) -> List.of("federate", "--resume", run.toString()),
            false, d -> Files.write(d.resolve("checkpoint/state.bin"), new byte[0]), List.of("state.bin", "empty (0 bytes")),
        new ResumeCase("resume: a truncated checkpoint", 2, (t, run) -> List.of("federate", "--resume", run.toString()),
            false, d -> truncate(withoutChecksum(d.resolve("checkpoint/state.bin")), 30), List.of("state.bin", "truncated")),
        new ResumeCase("resume: a checkpoint with a flipped byte", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), false,
            d -> flip(d.resolve("checkpoint/state.bin"), 40), List.of("state.bin", "corrupt", "checksum")),
        new ResumeCase("resume: a foreign file as checkpoint", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), false,
            d -> Files.writeString(withoutChecksum(d.resolve("checkpoint/state.bin")), "PAR1 not a checkpoint at all"),
            List.of("state.bin", "magic")),
        new ResumeCase("resume: a 0-byte training checkpoint", 2,
            (t, run) -> List.of("train", "--resume", run.toString()), true,
            d -> Files.write(d.resolve("checkpoint/train-state.bin"), new byte[0]), List.of("train-state.bin", "empty")),
        new ResumeCase("resume: a training checkpoint with a flipped byte", 2,
            (t, run) -> List.of("train", "--resume", run.toString()), true,
            d -> flip(withoutChecksum(d.resolve("checkpoint/train-state.bin")), 30), List.of("train-state.bin", "CRC32")),
        new ResumeCase("resume: a train run given to federate", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), true, none, List.of("no checkpoint")),
        new ResumeCase("resume: a checkpoint without its recorded configuration, under another one", 2,
            (t, run) -> withResume(t.federateArgs("csv", null, "federate.rounds=3", "federate.client.learning-rate=0.3"),
                run), false, d -> Files.delete(d.resolve("checkpoint/configuration.json")),
            List.of("another configuration")),
        new ResumeCase("resume: a damaged recorded configuration", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), false,
            d -> Files.writeString(withoutChecksum(d.resolve("checkpoint/configuration.json")), "{ not json"),
            List.of("configuration.json")));
  }

  /** {@code p}, its Hadoop checksum file deleted (as a copy by another tool would leave it). */
  private static Path withoutChecksum(Path p) throws IOException {
    Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
    return p;
  }

  private static void truncate(Path p, int length) throws IOException {
    Files.write(p, Arrays.copyOf(Files.readAllBytes(p), length));
  }

  private static void flip(Path p, int at) throws IOException {
    byte[] b = Files.readAllBytes(p);
    b[at] ^= 0x5a;
    Files.write(p, b);
  }
}
