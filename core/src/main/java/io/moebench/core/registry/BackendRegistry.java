package io.moebench.core.registry;

import io.moebench.core.InputException;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendException;
import io.moebench.core.spi.BackendProvider;
import io.moebench.core.spi.BackendUnavailableException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every backend provider on the class path and in plugin jars. A provider that fails to load is
 * kept as an entry with its error, so one broken plugin never hides the others.
 */
public final class BackendRegistry {
  /** Environment variable naming a plugin folder, used when --plugins is not given. */
  public static final String PLUGINS_ENV = "MOE_BENCH_PLUGINS";

  private final List<DiscoveredBackend> backends;

  public BackendRegistry(List<DiscoveredBackend> backends) {
    this.backends = List.copyOf(backends);
  }

  /** Providers visible to the class loader, then those in every jar of the plugin folder. */
  public static BackendRegistry discover(ClassLoader parent, Optional<Path> pluginDir) {
    Map<String, DiscoveredBackend> found = new LinkedHashMap<>();
    load(ServiceLoader.load(BackendProvider.class, parent), "built-in", found);
    if (pluginDir.isPresent()) {
      for (Path jar : pluginJars(pluginDir.get())) {
        loadPlugin(jar, parent, found);
      }
    }
    return new BackendRegistry(new ArrayList<>(found.values()));
  }

  static List<Path> pluginJars(Path dir) {
    InputException.require(Files.isDirectory(dir), "plugin folder " + dir + " does not exist or is not a folder");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new InputException("cannot list plugin folder " + dir + ": " + e.getMessage());
    }
  }

  private static void loadPlugin(Path jar, ClassLoader parent, Map<String, DiscoveredBackend> found) {
    String origin = jar.getFileName().toString();
    if (!isZip(jar)) {
      found.put(origin, new DiscoveredBackend(origin, null, origin, "not a jar file: " + jar));
      return;
    }
    URLClassLoader loader;
    try {
      loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
    } catch (MalformedURLException e) {
      found.put(origin, new DiscoveredBackend(origin, null, origin, "bad plugin path: " + e.getMessage()));
      return;
    }
    int before = found.size();
    // only providers defined by this jar: the parent's built-ins are already registered
    load(ServiceLoader.load(BackendProvider.class, loader), origin, found);
    if (found.size() == before) {
      found.put(origin, new DiscoveredBackend(origin, null, origin,
          "no backend provider in " + origin + " (META-INF/services/" + BackendProvider.class.getName() + ")"));
    }
  }

  private static boolean isZip(Path p) {
    try (var in = Files.newInputStream(p)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K';
    } catch (IOException e) {
      return false;
    }
  }

  private static void load(ServiceLoader<BackendProvider> loader, String origin, Map<String, DiscoveredBackend> found) {
    Iterator<ServiceLoader.Provider<BackendProvider>> it = loader.stream().iterator();
    int failures = 0;
    while (true) {
      ServiceLoader.Provider<BackendProvider> handle;
      try {
        if (!it.hasNext()) {
          break;
        }
        handle = it.next();
      } catch (ServiceConfigurationError e) {
        String key = origin + "#" + (++failures);
        found.put(key, new DiscoveredBackend(origin, null, origin, "cannot load: " + DiscoveredBackend.describe(e)));
        if (failures > 100) {
          break;
        }
        continue;
      }
      String className = handle.type().getName();
      if (found.values().stream().anyMatch(d -> d.loaded() && d.provider().getClass() == handle.type())) {
        continue; // a built-in seen again through a plugin's class loader
      }
      try {
        BackendProvider p = handle.get();
        String id = p.id();
        if (found.containsKey(id)) {
          found.put(origin + ":" + id, new DiscoveredBackend(id, null, origin, "duplicate backend id '" + id
              + "' (already provided by " + found.get(id).origin() + ")"));
        } else {
          found.put(id, new DiscoveredBackend(id, p, origin, ""));
        }
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        found.put(origin + ":" + className, new DiscoveredBackend(simple, null, origin,
            "constructor of " + className + " failed: " + DiscoveredBackend.describe(e)));
      }
    }
  }

  public List<DiscoveredBackend> all() {
    return backends;
  }

  public List<String> ids() {
    return backends.stream().filter(DiscoveredBackend::loaded).map(DiscoveredBackend::id).collect(Collectors.toList());
  }

  /** The backend with this id: a loaded one, else an entry that failed to load (it says why when probed). */
  public DiscoveredBackend find(String id) {
    return backends.stream().filter(d -> d.id().equals(id)).min(Comparator.comparing(d -> !d.loaded()))
        .orElseThrow(() -> new InputException("unknown backend '" + id + "': known backends are " + String.join(", ", ids())));
  }

  /** Available backends, best rank first. */
  public List<DiscoveredBackend> available() {
    return backends.stream().filter(DiscoveredBackend::loaded).filter(d -> d.availability().available())
        .sorted(Comparator.comparingInt(DiscoveredBackend::rank).reversed()).collect(Collectors.toList());
  }

  /** Opens a backend by id, turning a provider's contract breaches into a BackendException. */
  public Backend open(String id, BackendConfig config) {
    DiscoveredBackend d = find(id);
    if (!d.loaded()) {
      throw new BackendUnavailableException(id, d.loadError());
    }
    try {
      Backend b = d.provider().open(config);
      if (b == null) {
        throw new BackendException(id, "open() returned nothing");
      }
      return b;
    } catch (BackendException | InputException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new BackendException(id, "open failed: " + DiscoveredBackend.describe(e), e);
    }
  }
}
