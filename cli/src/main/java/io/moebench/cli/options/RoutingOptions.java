package io.moebench.cli.options;

import io.moebench.core.InputException;
import io.moebench.core.model.MoeShape;
import io.moebench.core.routing.Archetype;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Routing flags shared by spacemap, bench, validate and sweep. */
public final class RoutingOptions {
  @Option(names = "--archetypes", split = ",", paramLabel = "LIST",
      description = "Routing archetypes: " + Archetype.ALLOWED + ". Default: balanced,uniform,zipf1,zipf2,hot16.")
  List<String> archetypes;

  @Option(names = "--tokens", split = ",", paramLabel = "LIST",
      description = "Token counts T (whole numbers >= 1). Default: 16,64,128,256,512,768,994,1024,1536,2048,4096.")
  List<Integer> tokens;

  @Option(names = "--experts", paramLabel = "E", description = "Number of experts (default 256; validate: 64).")
  Integer experts;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "8", description = "Experts per token (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of routing, weights and activations (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--shuffle-ids", description = "Shuffle expert ids (hot experts are otherwise adjacent in memory).")
  boolean shuffleIds;

  public List<Archetype> archetypes(List<String> defaults) {
    List<String> names = archetypes == null || archetypes.isEmpty() ? defaults : archetypes;
    List<Archetype> out = new ArrayList<>();
    for (String n : names) {
      out.add(Archetype.parse(n));
    }
    return out;
  }

  public List<Archetype> archetypes() {
    return archetypes(Archetype.DEFAULTS);
  }

  public List<Integer> tokens(List<Integer> defaults) {
    List<Integer> t = tokens == null || tokens.isEmpty() ? defaults : tokens;
    for (int v : t) {
      InputException.require(v >= 1 && v <= 1 << 22, "--tokens: T must be between 1 and 4194304 (got " + v + ")");
    }
    return t;
  }

  public List<Integer> tokens() {
    return tokens(MoeShape.DEFAULT_TOKENS);
  }

  public boolean tokensGiven() {
    return tokens != null && !tokens.isEmpty();
  }

  public boolean archetypesGiven() {
    return archetypes != null && !archetypes.isEmpty();
  }

  public int experts() {
    return experts(MoeShape.DEFAULT_EXPERTS);
  }

  /** --experts, or the command's default when not given. */
  public int experts(int fallback) {
    int e = experts == null ? fallback : experts;
    InputException.require(e >= 1 && e <= 65536, "--experts must be between 1 and 65536 (got " + e + ")");
    return e;
  }

  public int topK() {
    return topK(MoeShape.DEFAULT_EXPERTS);
  }

  /** --top-k, checked against the experts the command uses. */
  public int topK(int expertsFallback) {
    int e = experts(expertsFallback);
    InputException.require(topK >= 1 && topK <= e,
        "--top-k must be between 1 and the number of experts " + e + " (got " + topK + ")");
    return topK;
  }

  public long seed() {
    return seed;
  }

  public boolean shuffleIds() {
    return shuffleIds;
  }
}
