package io.captiond.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * captiond's settings: the embedded defaults ({@code conf/captiond.yaml}, which documents every
 * key), then an optional file of overrides, then environment variables named after the key path
 * ({@code http.port} → {@code CAPTIOND_HTTP_PORT}). A key the defaults do not know, or a value of
 * another type than its default, is a {@link ConfigException} naming the key.
 */
public final class Config {

  public static final String ENV_PREFIX = "CAPTIOND_";
  /** Environment variable naming the override file; the one CAPTIOND_ variable that is not a key. */
  public static final String ENV_CONFIG_FILE = "CAPTIOND_CONFIG";
  private static final String DEFAULTS_RESOURCE = "/captiond.yaml";

  private final Map<String, Object> values;

  private Config(Map<String, Object> values) {
    this.values = values;
  }

  public static Config defaults() {
    return load(null, Map.of());
  }

  /** Defaults, then {@code file} (may be null), then the {@code CAPTIOND_*} entries of {@code env}. */
  public static Config load(Path file, Map<String, String> env) {
    Map<String, Object> values = flatten(readDefaults());
    if (file != null) {
      Map<String, Object> overrides;
      try {
        overrides = flatten(parse(Files.readString(file), file.toString()));
      } catch (IOException e) {
        throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
      }
      overrides.forEach((key, value) -> values.put(key, checked(values, key, value, "in " + file)));
    }
    for (Map.Entry<String, String> entry : env.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(ENV_PREFIX) || name.equals(ENV_CONFIG_FILE)) {
        continue;
      }
      String key = values.keySet().stream().filter(k -> envName(k).equals(name)).findFirst()
          .orElseThrow(() -> new ConfigException(name, "unknown environment override: no key "
              + name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.') + " exists"));
      values.put(key, fromEnv(key, values.get(key), entry.getValue()));
    }
    return new Config(values);
  }

  /** {@code vad.min_silence_ms} → {@code CAPTIOND_VAD_MIN_SILENCE_MS}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  public String string(String key) {
    return (String) get(key);
  }

  public int integer(String key) {
    return ((Number) get(key)).intValue();
  }

  public long longValue(String key) {
    return ((Number) get(key)).longValue();
  }

  public double decimal(String key) {
    return ((Number) get(key)).doubleValue();
  }

  public boolean bool(String key) {
    return (Boolean) get(key);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    return (List<String>) get(key);
  }

  /** An integer within [min, max], or a ConfigException naming the key. */
  public int integer(String key, int min, int max) {
    int value = integer(key);
    if (value < min || value > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public Config with(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(key, checked(values, key, value, "in code"));
    return new Config(copy);
  }

  private Object get(String key) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no configuration key " + key);
    }
    return value;
  }

  private static Object checked(Map<String, Object> defaults, String key, Object value, String where) {
    Object model = defaults.get(key);
    if (model == null) {
      throw new ConfigException(key, "unknown key " + where);
    }
    if (model instanceof Double && value instanceof Integer number) {
      return number.doubleValue();
    }
    if (model instanceof Number && value instanceof Number && !(value instanceof Double) || model.getClass().isInstance(value)
        || model instanceof List && value instanceof List) {
      if (value instanceof List<?> list) {
        return list.stream().map(String::valueOf).toList();
      }
      return value;
    }
    throw new ConfigException(key, "expected " + typeName(model) + " but got '" + value + "' " + where);
  }

  private static Object fromEnv(String key, Object model, String text) {
    String where = "from " + envName(key);
    try {
      if (model instanceof Integer || model instanceof Long) {
        return Integer.parseInt(text.strip());
      }
      if (model instanceof Double) {
        return Double.parseDouble(text.strip());
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "expected " + typeName(model) + " but got '" + text + "' " + where);
    }
    if (model instanceof Boolean) {
      if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
        throw new ConfigException(key, "expected true or false but got '" + text + "' " + where);
      }
      return Boolean.parseBoolean(text);
    }
    if (model instanceof List) {
      return text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
    }
    return text;
  }

  private static String typeName(Object model) {
    if (model instanceof Integer || model instanceof Long) {
      return "a whole number";
    }
    if (model instanceof Double) {
      return "a number";
    }
    if (model instanceof Boolean) {
      return "true or false";
    }
    if (model instanceof List) {
      return "a list";
    }
    return "a string";
  }

  private static Map<String, Object> readDefaults() {
    try (InputStream in = Config.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("embedded defaults " + DEFAULTS_RESOURCE + " missing from the build");
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "embedded defaults");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String yaml, String source) {
    try {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map)) {
        throw new ConfigException("(root)", source + " is not a YAML mapping of keys");
      }
      return (Map<String, Object>) root;
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new ConfigException("(file)", source + " is not valid YAML: " + e.getMessage());
    }
  }

  private static Map<String, Object> flatten(Map<String, Object> tree) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", tree, flat);
    return flat;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> out) {
    for (Map.Entry<String, Object> entry : tree.entrySet()) {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> child) {
        flatten(key + ".", (Map<String, Object>) child, out);
      } else if (entry.getValue() == null) {
        throw new ConfigException(key, "has no value");
      } else {
        out.put(key, entry.getValue() instanceof List<?> list ? new ArrayList<>(list) : entry.getValue());
      }
    }
  }
}
