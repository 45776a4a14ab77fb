// Scenario loading in four passes over a located YAML tree (scenario_tree.h):
//   1. parse the main file and merge its top-level includes (recursively, cycle-checked);
//   2. merge component-level includes (device data files) into their components;
//   3. apply --set overrides;
//   4. validate every section against the registry and build the ScenarioSpec.
// Validation is strict: an unknown key anywhere is an error with a suggestion, so a typo never
// silently falls back to a default.
#include "engine/io/scenario.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/core/text.h"
#include "engine/core/units.h"
#include "engine/exec/signal_selection.h"
#include "engine/framework/port.h"
#include "engine/io/scenario_csv.h"
#include "engine/io/scenario_tree.h"

namespace etsim {
namespace {

namespace fs = std::filesystem;
using scenario_detail::TreeNode;

// Scenario files are small; anything larger is a mistake (or not a scenario) and is refused
// before it is read.
constexpr std::uintmax_t kMaximumScenarioBytes = 16u * 1024u * 1024u;

const std::vector<std::string> kTopKeys = {
    "scenario",   "include",    "components",   "connections", "unconnected",
    "algebraic_loops", "solver", "simulation", "subsystems", "cosimulation", "output"};
const std::vector<std::string> kScenarioKeys = {"name", "description"};
const std::vector<std::string> kComponentKeys = {"type", "description", "include", "parameters",
                                                 "tables", "initial"};
const std::vector<std::string> kTableKeys = {"file", "columns", "units", "filter"};
const std::vector<std::string> kConnectionKeys = {"from", "to"};
const std::vector<std::string> kSolverKeys = {
    "method",           "relative_tolerance",  "absolute_tolerance",      "fixed_step",
    "max_step",         "initial_step",        "max_steps_per_call",      "linear_solver",
    "newton_iterations", "fixed_newton_iterations", "newton_tolerance", "jacobian_reuse_steps",
    "restart_at_discontinuities", "jacobian"};
const std::vector<std::string> kSimulationKeys = {"start", "stop"};
const std::vector<std::string> kSubsystemKeys = {"components", "solver"};
const std::vector<std::string> kCosimulationKeys = {"communication_step", "scheme",
                                                    "extrapolation", "threads"};
const std::vector<std::string> kOutputKeys = {"file", "interval", "signals", "flush_interval"};
const std::vector<std::string> kLinearSolverNames = {"dense", "band", "sparse_klu"};
const std::vector<std::string> kSchemeNames = {"jacobi", "gauss_seidel"};
const std::vector<std::string> kCouplingExtrapolationNames = {"hold", "linear"};

[[noreturn]] void fail(const SourceLocation& where, const std::string& message) {
  throw InputError(where, message);
}

SourceLocation file_location(const std::string& file, int line = 0, int column = 0) {
  SourceLocation where;
  where.file = file;
  where.line = line;
  where.column = column;
  return where;
}

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

std::string with_article(const std::string& noun) {
  const bool vowel = !noun.empty() && std::string("aeiou").find(noun.front()) != std::string::npos;
  return (vowel ? "an " : "a ") + noun;
}

bool is_identifier(const std::string& name) {
  if (name.empty()) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

// ---- Files ------------------------------------------------------------------------------------

std::string directory_of(const std::string& path) { return fs::path(path).parent_path().string(); }

// The same file reached by two spellings must be recognised in cycle checks.
std::string identity_of(const std::string& path) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), error);
  if (!error) return canonical.string();
  return fs::path(path).lexically_normal().string();
}

std::string resolve_relative(const TreeNode& node, const std::string& path) {
  const fs::path given(path);
  if (given.is_absolute() || node.base_directory.empty()) return given.lexically_normal().string();
  return (fs::path(node.base_directory) / given).lexically_normal().string();
}

// Reads a whole file; errors are reported at `where` (the place that named the file).
std::string read_text_file(const std::string& path, const SourceLocation& where,
                           const std::string& what) {
  std::error_code error;
  const auto status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    fail(where, what + " '" + path + "' not found (looked for '" +
                    fs::absolute(path, error).lexically_normal().string() + "')");
  }
  if (!fs::is_regular_file(status)) fail(where, what + " '" + path + "' is not a regular file");
  const std::uintmax_t size = fs::file_size(path, error);
  if (error || size > kMaximumScenarioBytes) {
    fail(where, what + " '" + path + "' is unreadable or larger than 16 MiB");
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) fail(where, "cannot open " + what + " '" + path + "'");
  std::ostringstream content;
  content << stream.rdbuf();
  return content.str();
}

// ---- Shape checks -----------------------------------------------------------------------------

const TreeNode& empty_map() {
  static const TreeNode node = [] {
    TreeNode map;
    map.kind = TreeNode::Kind::Map;
    return map;
  }();
  return node;
}

// A map (null counts as an empty map, as in "parameters:" with nothing after it).
const TreeNode& expect_map(const TreeNode& node, const std::string& what) {
  if (node.is_null()) return empty_map();
  if (!node.is_map()) {
    fail(node.where, what + " must be a map of 'key: value' entries, got " +
                         scenario_detail::kind_name(node.kind));
  }
  return node;
}

const std::string& expect_scalar(const TreeNode& node, const std::string& what) {
  if (!node.is_scalar()) {
    fail(node.where, what + " must be a single value, got " + scenario_detail::kind_name(node.kind));
  }
  return node.scalar;
}

// A list of single values; one value alone counts as a list of one.
std::vector<const TreeNode*> expect_scalar_list(const TreeNode& node, const std::string& what) {
  std::vector<const TreeNode*> items;
  if (node.is_null()) return items;
  if (node.is_scalar()) {
    items.push_back(&node);
    return items;
  }
  if (!node.is_sequence()) {
    fail(node.where, what + " must be a list of single values, got " +
                         scenario_detail::kind_name(node.kind));
  }
  for (const TreeNode& item : node.items) {
    expect_scalar(item, "each entry of " + what);
    items.push_back(&item);
  }
  return items;
}

void check_keys(const TreeNode& map, const std::vector<std::string>& allowed,
                const std::string& context) {
  for (std::size_t i = 0; i < map.keys.size(); ++i) {
    const std::string& key = map.keys[i];
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    fail(map.key_where[i], "unknown key '" + key + "' in " + context +
                               text::did_you_mean(key, allowed) + "; expected one of: " +
                               join(allowed));
  }
}

// A quantity converted to SI against unit ("1" for plain numbers).
double quantity(const TreeNode& node, const std::string& unit, const std::string& what) {
  const std::string& value = expect_scalar(node, what);
  try {
    return units::to_si(value, unit);
  } catch (const InputError& error) {
    fail(node.where, what + ": " + error.what());
  }
}

double positive_time(const TreeNode& node, const std::string& what) {
  const double value = quantity(node, "s", what);
  if (!(value > 0.0)) fail(node.where, what + " = '" + node.scalar + "' must be greater than 0 s");
  return value;
}

double non_negative_time(const TreeNode& node, const std::string& what) {
  const double value = quantity(node, "s", what);
  if (value < 0.0) fail(node.where, what + " = '" + node.scalar + "' must not be negative");
  return value;
}

long integer(const TreeNode& node, const std::string& what, long minimum) {
  const std::string& value = expect_scalar(node, what);
  long result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc() || end != value.data() + value.size()) {
    fail(node.where, what + " = '" + value + "' is not a whole number; expected an integer >= " +
                         std::to_string(minimum));
  }
  if (result < minimum) {
    fail(node.where, what + " = " + value + " is too small; expected an integer >= " +
                         std::to_string(minimum));
  }
  return result;
}

bool boolean(const TreeNode& node, const std::string& what) {
  const std::string& value = expect_scalar(node, what);
  if (value == "true" || value == "True" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "False" || value == "no" || value == "off") return false;
  fail(node.where, what + " = '" + value + "' is not a boolean; expected true or false");
}

const std::string& choice(const TreeNode& node, const std::vector<std::string>& names,
                          const std::string& what) {
  const std::string& value = expect_scalar(node, what);
  if (std::find(names.begin(), names.end(), value) == names.end()) {
    fail(node.where, "unknown " + what + " '" + value + "'" + text::did_you_mean(value, names) +
                         "; expected one of: " + join(names));
  }
  return value;
}

// ---- Includes and overrides -------------------------------------------------------------------

class IncludeResolver {
 public:
  explicit IncludeResolver(std::string main_identity) { stack_.push_back(std::move(main_identity)); }

  // Parses a scenario-level file and merges its includes (earlier includes first, the file
  // itself last, so that later wins).
  TreeNode load_scenario_file(const std::string& text, const std::string& file, bool is_main) {
    TreeNode root = scenario_detail::parse_yaml(text, file, directory_of(file));
    if (root.is_null()) {
      if (is_main) {
        fail(file_location(file, 1, 1),
             "the scenario is empty; expected a map with 'components', 'connections', "
             "'simulation', ...");
      }
      root.kind = TreeNode::Kind::Map;
    }
    if (!root.is_map()) {
      fail(root.where, "a scenario file must be a map of sections (scenario, components, "
                       "connections, solver, simulation, ...), got " +
                           std::string(scenario_detail::kind_name(root.kind)));
    }
    TreeNode merged;
    merged.kind = TreeNode::Kind::Map;
    merged.where = root.where;
    merged.base_directory = root.base_directory;
    if (const TreeNode* includes = root.find("include")) {
      for (const TreeNode* entry : expect_scalar_list(*includes, "'include'")) {
        const std::string path = resolve_relative(*entry, entry->scalar);
        const std::string child_text = enter(*entry, path, "included file");
        TreeNode child = load_scenario_file(child_text, path, false);
        leave();
        scenario_detail::merge_into(merged, child, {"connections", "unconnected"});
      }
      root.erase("include");
    }
    scenario_detail::merge_into(merged, root, {"connections", "unconnected"});
    return merged;
  }

  // Merges the device/data files named by a component's 'include' into it (the component's own
  // keys win).
  void resolve_component(TreeNode& component, const std::string& component_name) {
    if (!component.is_map()) return;  // reported during validation
    const TreeNode* includes = component.find("include");
    if (includes == nullptr) return;
    TreeNode merged;
    merged.kind = TreeNode::Kind::Map;
    merged.where = component.where;
    merged.base_directory = component.base_directory;
    for (const TreeNode* entry :
         expect_scalar_list(*includes, "'include' of component '" + component_name + "'")) {
      const std::string path = resolve_relative(*entry, entry->scalar);
      const std::string child_text = enter(*entry, path, "component include file");
      TreeNode child = scenario_detail::parse_yaml(child_text, path, directory_of(path));
      if (!child.is_null()) {
        if (!child.is_map()) {
          fail(child.where, "a component include file must be a map with keys such as "
                            "'parameters', 'tables' and 'initial', got " +
                                std::string(scenario_detail::kind_name(child.kind)));
        }
        resolve_component(child, component_name);
        scenario_detail::merge_into(merged, child);
      }
      leave();
    }
    component.erase("include");
    scenario_detail::merge_into(merged, component);
    component = std::move(merged);
  }

 private:
  std::string enter(const TreeNode& entry, const std::string& path, const std::string& what) {
    const std::string identity = identity_of(path);
    const auto found = std::find(stack_.begin(), stack_.end(), identity);
    if (found != stack_.end()) {
      std::string chain;
      for (auto it = found; it != stack_.end(); ++it) chain += *it + " -> ";
      fail(entry.where, "include cycle: " + chain + identity + "; expected files that do not "
                        "include themselves");
    }
    std::string text = read_text_file(path, entry.where, what);
    stack_.push_back(identity);
    return text;
  }
  void leave() { stack_.pop_back(); }

  std::vector<std::string> stack_;
};

// Applies one "--set dotted.path=value". Missing keys are created (validation then rejects
// misspelt ones with a suggestion), except component and subsystem names, which must exist.
void apply_override(TreeNode& root, const std::string& expression, const std::string& base) {
  const SourceLocation where = file_location("--set '" + expression + "'");
  const std::size_t equals = expression.find('=');
  if (equals == std::string::npos || equals == 0) {
    fail(where, "expected key.path=value, e.g. solver.method=rk4 or "
                "components.source.parameters.voltage=450 V");
  }
  const std::string path = expression.substr(0, equals);
  const std::string value_text = expression.substr(equals + 1);
  std::vector<std::string> segments;
  for (std::size_t start = 0;;) {
    const std::size_t dot = path.find('.', start);
    segments.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (segments.size() > 32) fail(where, "key path with more than 32 parts; expected e.g. solver.method");
  for (const std::string& segment : segments) {
    if (segment.empty() || segment.find_first_of(" \t") != std::string::npos) {
      fail(where, "bad key path '" + path + "'; expected names separated by '.', e.g. "
                  "solver.method");
    }
  }
  TreeNode value = scenario_detail::parse_yaml(value_text, where.file, base);
  if (value.is_null()) fail(where, "no value after '='; expected key.path=value");

  TreeNode* node = &root;
  std::string walked;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    const bool last = i + 1 == segments.size();
    const std::string here = walked.empty() ? segment : walked + "." + segment;
    if (node->is_null()) node->kind = TreeNode::Kind::Map;
    if (node->is_map()) {
      TreeNode* child = node->find(segment);
      if (child == nullptr) {
        if (i == 0 && std::find(kTopKeys.begin(), kTopKeys.end(), segment) == kTopKeys.end()) {
          fail(where, "unknown section '" + segment + "'" +
                          text::did_you_mean(segment, kTopKeys) + "; expected one of: " +
                          join(kTopKeys));
        }
        const bool named = i == 1 && (segments[0] == "components" || segments[0] == "subsystems");
        if (named && !last) {
          fail(where, "no " + std::string(segments[0] == "components" ? "component" : "subsystem") +
                          " '" + segment + "' in the scenario" +
                          text::did_you_mean(segment, node->keys));
        }
        if (last) {
          node->set(segment, std::move(value), where);
          return;
        }
        TreeNode created;
        created.kind = TreeNode::Kind::Map;
        created.where = where;
        created.base_directory = base;
        child = &node->set(segment, std::move(created), where);
      } else if (last) {
        node->set(segment, std::move(value), where);
        return;
      }
      node = child;
    } else if (node->is_sequence()) {
      std::size_t index = 0;
      const auto [end, error] =
          std::from_chars(segment.data(), segment.data() + segment.size(), index);
      if (error != std::errc() || end != segment.data() + segment.size() ||
          index >= node->items.size()) {
        fail(where, "'" + walked + "' is a list of " + std::to_string(node->items.size()) +
                        " entries; expected an index from 0 to " +
                        std::to_string(node->items.size()) + " - 1 instead of '" + segment + "'");
      }
      if (last) {
        node->items[index] = std::move(value);
        return;
      }
      node = &node->items[index];
    } else {
      fail(where, "'" + walked + "' is a single value ('" + node->scalar + "'), so it has no '" +
                      segment + "'");
    }
    walked = here;
  }
}

// ---- Building the spec --------------------------------------------------------------------------

class ScenarioBuilder {
 public:
  ScenarioBuilder(const ComponentRegistry& registry, ScenarioSpec& spec)
      : registry_(registry), spec_(spec) {}

  void build(const TreeNode& root) {
    check_keys(root, kTopKeys, "the scenario");
    read_header(root);
    const TreeNode* components = root.find("components");
    if (components == nullptr) {
      fail(root.where, "missing section 'components'; expected a map of component names to "
                       "{type: ..., parameters: {...}}");
    }
    const TreeNode& component_map = expect_map(*components, "'components'");
    if (component_map.keys.empty()) fail(components->where, "'components' has no components");
    for (std::size_t i = 0; i < component_map.keys.size(); ++i) {
      build_component(component_map.keys[i], component_map.key_where[i], component_map.values[i]);
    }
    if (const TreeNode* connections = root.find("connections")) read_connections(*connections);
    if (const TreeNode* unconnected = root.find("unconnected")) read_unconnected(*unconnected);
    if (const TreeNode* loops = root.find("algebraic_loops")) {
      spec_.solve_algebraic_loops =
          choice(*loops, {"reject", "solve"}, "algebraic_loops setting") == "solve";
    }
    if (const TreeNode* solver = root.find("solver")) read_solver(*solver, spec_.solver, "solver");
    read_simulation(root);
    if (const TreeNode* subsystems = root.find("subsystems")) {
      read_subsystems(*subsystems, root.key_location("subsystems"));
    }
    if (const TreeNode* cosimulation = root.find("cosimulation")) {
      if (spec_.subsystems.empty()) {
        fail(root.key_location("cosimulation"),
             "'cosimulation' settings need 'subsystems' that split the components");
      }
      read_cosimulation(*cosimulation);
    }
    if (const TreeNode* output = root.find("output")) read_output(*output);
  }

 private:
  void read_header(const TreeNode& root) {
    spec_.name = fs::path(spec_.source_file).stem().string();
    const TreeNode* header = root.find("scenario");
    if (header == nullptr) return;
    const TreeNode& map = expect_map(*header, "'scenario'");
    check_keys(map, kScenarioKeys, "'scenario'");
    if (const TreeNode* name = map.find("name")) spec_.name = expect_scalar(*name, "scenario.name");
    if (const TreeNode* description = map.find("description")) {
      spec_.description = expect_scalar(*description, "scenario.description");
    }
  }

  std::string describe(const std::string& name, const std::string& type) const {
    return "component '" + name + "' (" + type + ")";
  }

  void build_component(const std::string& name, const SourceLocation& name_where,
                       const TreeNode& node) {
    if (!is_identifier(name)) {
      fail(name_where, "component name '" + name + "' must start with a letter or '_' and "
                       "contain only letters, digits and '_' (it is used in 'component.port')");
    }
    if (node.is_null()) fail(name_where, "component '" + name + "' needs at least a 'type'");
    const TreeNode& map = expect_map(node, "component '" + name + "'");
    check_keys(map, kComponentKeys, "component '" + name + "'");
    const TreeNode* type_node = map.find("type");
    if (type_node == nullptr) {
      fail(name_where, "component '" + name + "' has no 'type'; expected one of: " +
                           join(registry_.type_names()));
    }
    const std::string& type_name = expect_scalar(*type_node, "type of component '" + name + "'");
    const ComponentType* type = registry_.find(type_name);
    if (type == nullptr) {
      fail(type_node->where, "unknown component type '" + type_name + "'" +
                                 text::did_you_mean(type_name, registry_.type_names()) +
                                 "; expected one of: " + join(registry_.type_names()));
    }
    const std::string who = describe(name, type_name);

    ParameterValues values;
    if (const TreeNode* parameters = map.find("parameters")) {
      read_parameters(*type, who, expect_map(*parameters, "parameters of " + who), values);
    }
    if (const TreeNode* tables = map.find("tables")) {
      read_tables(*type, who, expect_map(*tables, "tables of " + who), values);
    }
    try {
      values = type->complete(name, std::move(values));
    } catch (const InputError& error) {
      fail(name_where, error.what());
    }
    std::unique_ptr<Component> component;
    try {
      component = type->create(name, values);
    } catch (const InputError& error) {
      if (!error.where().file.empty()) throw;
      fail(name_where, who + ": " + error.what());
    } catch (const std::exception& error) {
      fail(name_where, who + " could not be created: " + error.what());
    }
    if (!component) fail(name_where, who + " could not be created (the factory returned nothing)");
    if (const TreeNode* initial = map.find("initial")) {
      apply_initial(*component, who, expect_map(*initial, "initial values of " + who));
    }
    by_name_[name] = component.get();
    component_names_.push_back(name);
    spec_.components.push_back(std::move(component));
  }

  void read_parameters(const ComponentType& type, const std::string& who, const TreeNode& map,
                       ParameterValues& values) {
    std::vector<std::string> names;
    for (const NumberParameterSpec& spec : type.numbers) names.push_back(spec.name);
    for (const TextParameterSpec& spec : type.texts) names.push_back(spec.name);
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const std::string& key = map.keys[i];
      const TreeNode& value = map.values[i];
      const auto number = std::find_if(type.numbers.begin(), type.numbers.end(),
                                       [&](const NumberParameterSpec& s) { return s.name == key; });
      if (number != type.numbers.end()) {
        const double si = quantity(value, number->unit, who + ": parameter '" + key + "'");
        if (si < number->minimum || si > number->maximum) {
          fail(value.where, who + ": parameter '" + key + "' = " + value.scalar + " (" +
                                number_text(si) + " " + number->unit +
                                ") is outside the allowed range [" + number_text(number->minimum) +
                                ", " + number_text(number->maximum) + "] " + number->unit);
        }
        values.set_number(key, si);
        continue;
      }
      const auto text_spec = std::find_if(type.texts.begin(), type.texts.end(),
                                          [&](const TextParameterSpec& s) { return s.name == key; });
      if (text_spec != type.texts.end()) {
        const std::string& text_value = expect_scalar(value, who + ": parameter '" + key + "'");
        if (!text_spec->choices.empty() &&
            std::find(text_spec->choices.begin(), text_spec->choices.end(), text_value) ==
                text_spec->choices.end()) {
          fail(value.where, who + ": parameter '" + key + "' = '" + text_value +
                                "' is not a valid choice" +
                                text::did_you_mean(text_value, text_spec->choices) +
                                "; expected one of: " + join(text_spec->choices));
        }
        values.set_text(key, text_value);
        continue;
      }
      const bool is_table =
          std::any_of(type.tables.begin(), type.tables.end(),
                      [&](const TableParameterSpec& s) { return s.name == key; });
      if (is_table) {
        fail(map.key_where[i], who + ": '" + key + "' is a table; give it under 'tables' as "
                               "{file: <csv>, columns: {...}, units: {...}}");
      }
      fail(map.key_where[i], who + " has no parameter '" + key + "'" +
                                 text::did_you_mean(key, names) + "; expected one of: " +
                                 join(names));
    }
  }

  void read_tables(const ComponentType& type, const std::string& who, const TreeNode& map,
                   ParameterValues& values) {
    std::vector<std::string> names;
    for (const TableParameterSpec& spec : type.tables) names.push_back(spec.name);
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const std::string& key = map.keys[i];
      const auto spec = std::find_if(type.tables.begin(), type.tables.end(),
                                     [&](const TableParameterSpec& s) { return s.name == key; });
      if (spec == type.tables.end()) {
        fail(map.key_where[i], who + " has no table '" + key + "'" +
                                   text::did_you_mean(key, names) + "; expected one of: " +
                                   (names.empty() ? std::string("(none)") : join(names)));
      }
      values.set_table(key, read_table(*spec, who + ": table '" + key + "'", map.values[i]));
    }
  }

  Table read_table(const TableParameterSpec& spec, const std::string& what, const TreeNode& node) {
    const TreeNode& map = expect_map(node, what);
    check_keys(map, kTableKeys, what);
    std::vector<std::string> column_names;
    for (const TableParameterSpec::Column& column : spec.columns) column_names.push_back(column.name);
    const TreeNode* file_node = map.find("file");
    if (file_node == nullptr) fail(node.where, what + " needs 'file: <path to a CSV file>'");
    const std::string path = resolve_relative(*file_node, expect_scalar(*file_node, what + " file"));
    {
      std::error_code error;
      if (!fs::is_regular_file(path, error)) {
        fail(file_node->where, what + ": file '" + path + "' not found (looked for '" +
                                   fs::absolute(path, error).lexically_normal().string() + "')");
      }
    }
    // Which CSV column feeds each table column, and in which unit.
    std::map<std::string, const TreeNode*> header_of;
    std::map<std::string, const TreeNode*> unit_of;
    const auto read_column_map = [&](const char* key, std::map<std::string, const TreeNode*>& into) {
      const TreeNode* entries = map.find(key);
      if (entries == nullptr) return;
      const TreeNode& entry_map = expect_map(*entries, what + " " + key);
      for (std::size_t i = 0; i < entry_map.keys.size(); ++i) {
        if (std::find(column_names.begin(), column_names.end(), entry_map.keys[i]) ==
            column_names.end()) {
          fail(entry_map.key_where[i], what + " has no column '" + entry_map.keys[i] + "'" +
                                           text::did_you_mean(entry_map.keys[i], column_names) +
                                           "; expected one of: " + join(column_names));
        }
        expect_scalar(entry_map.values[i], what + " " + key + "." + entry_map.keys[i]);
        into[entry_map.keys[i]] = &entry_map.values[i];
      }
    };
    read_column_map("columns", header_of);
    read_column_map("units", unit_of);

    scenario_detail::CsvFile csv = scenario_detail::read_csv(path);
    if (csv.rows.empty()) {
      fail(file_location(path, csv.header_line), "table has no data rows below the header");
    }
    if (const TreeNode* filter = map.find("filter")) apply_filter(csv, *filter, what);
    Table table;
    table.source = path;
    for (const TableParameterSpec::Column& column : spec.columns) {
      const auto header = header_of.find(column.name);
      const std::string csv_name = header == header_of.end() ? column.name : header->second->scalar;
      const int index = csv.column_index(csv_name);
      if (index < 0) {
        const SourceLocation where = header == header_of.end() ? node.where : header->second->where;
        fail(where, what + ": CSV file '" + path + "' has no column '" + csv_name + "'" +
                        text::did_you_mean(csv_name, csv.header) + "; its columns are: " +
                        join(csv.header) +
                        (header == header_of.end() ? " (map table columns to CSV columns with "
                                                     "'columns: {" + column.name + ": <csv name>}')"
                                                   : ""));
      }
      units::Unit unit = units::parse_unit(column.unit);
      const auto given_unit = unit_of.find(column.name);
      if (given_unit != unit_of.end()) {
        const TreeNode& unit_node = *given_unit->second;
        const units::Unit expected = unit;
        try {
          unit = units::parse_unit(unit_node.scalar);
        } catch (const InputError& error) {
          fail(unit_node.where, what + ": " + error.what());
        }
        if (unit.dimension != expected.dimension) {
          fail(unit_node.where, what + ": unit '" + unit_node.scalar + "' of column '" +
                                    column.name + "' is " +
                                    with_article(units::describe(unit.dimension)) + ", expected " +
                                    with_article(units::describe(expected.dimension)) + " [" +
                                    column.unit + "]");
        }
      }
      table.column_names.push_back(column.name);
      table.columns.push_back(scenario_detail::numeric_column(csv, index, unit));
    }
    return table;
  }

  // Keeps the CSV rows whose named columns hold the given values (long-format files with several
  // devices or operating points in one file). Values compare as text, or as numbers when both
  // sides are numbers ("25" matches "25.0").
  static void apply_filter(scenario_detail::CsvFile& csv, const TreeNode& node,
                           const std::string& what) {
    const TreeNode& map = expect_map(node, what + " filter");
    std::vector<std::pair<int, const TreeNode*>> conditions;
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const int column = csv.column_index(map.keys[i]);
      if (column < 0) {
        fail(map.key_where[i], what + ": filter column '" + map.keys[i] + "' is not in '" +
                                   csv.path + "'" + text::did_you_mean(map.keys[i], csv.header) +
                                   "; its columns are: " + join(csv.header));
      }
      expect_scalar(map.values[i], what + " filter." + map.keys[i]);
      conditions.emplace_back(column, &map.values[i]);
    }
    const auto as_number = [](const std::string& text, double& value) {
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      return error == std::errc() && end == text.data() + text.size();
    };
    const auto matches = [&](const std::string& field, const std::string& wanted) {
      if (field == wanted) return true;
      double a = 0.0;
      double b = 0.0;
      return as_number(field, a) && as_number(wanted, b) && a == b;
    };
    std::vector<std::vector<scenario_detail::CsvField>> rows;
    std::vector<int> lines;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
      const bool keep = std::all_of(conditions.begin(), conditions.end(), [&](const auto& condition) {
        return matches(csv.rows[r][static_cast<std::size_t>(condition.first)].text,
                       condition.second->scalar);
      });
      if (keep) {
        rows.push_back(std::move(csv.rows[r]));
        lines.push_back(csv.row_line[r]);
      }
    }
    if (rows.empty()) {
      fail(node.where, what + ": no row of '" + csv.path + "' matches the filter");
    }
    csv.rows = std::move(rows);
    csv.row_line = std::move(lines);
  }

  void apply_initial(Component& component, const std::string& who, const TreeNode& map) {
    std::vector<std::string> names;
    for (const StateSpec& state : component.states()) names.push_back(state.name);
    for (const DiscreteStateSpec& state : component.discrete_states()) names.push_back(state.name);
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const std::string& key = map.keys[i];
      const TreeNode& value = map.values[i];
      if (const int index = component.find_state(key); index >= 0) {
        const std::string& unit = component.states()[static_cast<std::size_t>(index)].unit;
        component.set_initial_state(index, quantity(value, unit, who + ": initial '" + key + "'"));
        continue;
      }
      if (const int index = component.find_discrete_state(key); index >= 0) {
        const std::string& unit = component.discrete_states()[static_cast<std::size_t>(index)].unit;
        component.set_initial_discrete_state(
            index, quantity(value, unit, who + ": initial '" + key + "'"));
        continue;
      }
      fail(map.key_where[i], who + " has no state '" + key + "'" + text::did_you_mean(key, names) +
                                 "; expected one of: " +
                                 (names.empty() ? std::string("(it has no states)") : join(names)));
    }
  }

  // A connection end: a port, or a single input or output signal.
  struct Endpoint {
    const Component* component = nullptr;
    const PortSpec* port = nullptr;
    int input = -1;
    int output = -1;
  };

  Endpoint endpoint(const TreeNode& node, const std::string& what, bool outputs_allowed = true) {
    const std::string& reference = expect_scalar(node, what);
    const std::size_t dot = reference.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == reference.size()) {
      fail(node.where, "'" + reference + "' is not a port reference; expected 'component.port', "
                       "e.g. 'battery.dc'");
    }
    const std::string component_name = reference.substr(0, dot);
    const std::string end_name = reference.substr(dot + 1);
    const auto found = by_name_.find(component_name);
    if (found == by_name_.end()) {
      fail(node.where, "no component '" + component_name + "' for '" + reference + "'" +
                           text::did_you_mean(component_name, component_names_) +
                           "; expected one of: " + join(component_names_));
    }
    const Component& component = *found->second;
    Endpoint result;
    result.component = &component;
    result.port = component.find_port(end_name);
    if (result.port != nullptr) return result;
    result.input = component.find_input(end_name);
    if (result.input >= 0) return result;
    if (outputs_allowed) {
      result.output = component.find_output(end_name);
      if (result.output >= 0) return result;
    }
    std::vector<std::string> ends;
    for (const PortSpec& candidate : component.ports()) ends.push_back(candidate.name);
    for (const SignalSpec& candidate : component.inputs()) ends.push_back(candidate.name);
    if (outputs_allowed) {
      for (const SignalSpec& candidate : component.outputs()) ends.push_back(candidate.name);
    }
    fail(node.where, describe(component_name, std::string(component.type_name())) +
                         " has no port or " + (outputs_allowed ? "signal" : "input") + " '" +
                         end_name + "'" + text::did_you_mean(end_name, ends) +
                         "; expected one of: " +
                         (ends.empty() ? std::string("(it has none)") : join(ends)));
  }

  void read_unconnected(const TreeNode& node) {
    for (const TreeNode* end : expect_scalar_list(node, "'unconnected'")) {
      endpoint(*end, "an unconnected end", false);
      spec_.unconnected.push_back(end->scalar);
    }
  }

  void read_connections(const TreeNode& node) {
    if (node.is_null()) return;
    if (!node.is_sequence()) {
      fail(node.where, "'connections' must be a list of [component.port, component.port] pairs, "
                       "got " + std::string(scenario_detail::kind_name(node.kind)));
    }
    for (const TreeNode& item : node.items) {
      const TreeNode* from = nullptr;
      const TreeNode* to = nullptr;
      if (item.is_sequence() && item.items.size() == 2) {
        from = &item.items[0];
        to = &item.items[1];
      } else if (item.is_map()) {
        check_keys(item, kConnectionKeys, "a connection");
        from = item.find("from");
        to = item.find("to");
        if (from == nullptr || to == nullptr) {
          fail(item.where, "a connection needs both 'from' and 'to'");
        }
      } else {
        fail(item.where, "a connection must be [component.port, component.port] or "
                         "{from: component.port, to: component.port}, got " +
                             std::string(item.is_sequence()
                                             ? "a list of " + std::to_string(item.items.size())
                                             : scenario_detail::kind_name(item.kind)));
      }
      const Endpoint a = endpoint(*from, "connection end");
      const Endpoint b = endpoint(*to, "connection end");
      if (a.port == nullptr || b.port == nullptr) {
        check_signal_connection(item, *from, a, *to, b);
        spec_.connections.push_back({from->scalar, to->scalar, item.where});
        continue;
      }
      if (a.port->kind != b.port->kind) {
        fail(item.where, "cannot connect '" + from->scalar + "' (" +
                             std::string(to_string(a.port->kind)) + ") to '" + to->scalar + "' (" +
                             std::string(to_string(b.port->kind)) +
                             "); expected two ports of the same kind");
      }
      if (a.port->role == b.port->role) {
        const std::string role(role_name(a.port->kind, a.port->role));
        fail(item.where, "cannot connect '" + from->scalar + "' to '" + to->scalar +
                             "': both are " + role + " ports of kind " +
                             std::string(to_string(a.port->kind)) + "; expected a " +
                             std::string(role_name(a.port->kind, PortRole::A)) + " and a " +
                             std::string(role_name(a.port->kind, PortRole::B)));
      }
      spec_.connections.push_back({from->scalar, to->scalar, item.where});
    }
  }

  // Signal to signal: one output and one input of the same dimension. Mixed port/signal ends are
  // left to the model builder, which receives the location.
  void check_signal_connection(const TreeNode& item, const TreeNode& from, const Endpoint& a,
                               const TreeNode& to, const Endpoint& b) {
    if (a.port != nullptr || b.port != nullptr) return;
    const bool a_output = a.output >= 0;
    const bool b_output = b.output >= 0;
    if (a_output == b_output) {
      fail(item.where, "cannot connect '" + from.scalar + "' to '" + to.scalar + "': both are " +
                           (a_output ? "outputs" : "inputs") + "; expected an output and an input");
    }
    const SignalSpec& out = a_output ? a.component->outputs()[static_cast<std::size_t>(a.output)]
                                     : b.component->outputs()[static_cast<std::size_t>(b.output)];
    const SignalSpec& in = a_output ? b.component->inputs()[static_cast<std::size_t>(b.input)]
                                    : a.component->inputs()[static_cast<std::size_t>(a.input)];
    bool same_dimension = false;
    try {
      same_dimension = units::compatible(out.unit, in.unit);
    } catch (const InputError&) {
      return;  // a component declared a unit we cannot read; the builder reports it
    }
    if (!same_dimension) {
      fail(item.where, "cannot connect '" + from.scalar + "' to '" + to.scalar + "': output unit '" +
                           out.unit + "' and input unit '" + in.unit + "' differ in dimension");
    }
  }

  void read_solver(const TreeNode& node, SolverOptions& options, const std::string& context) {
    const TreeNode& map = expect_map(node, "'" + context + "'");
    check_keys(map, kSolverKeys, "'" + context + "'");
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const std::string& key = map.keys[i];
      const TreeNode& value = map.values[i];
      const std::string what = context + "." + key;
      if (key == "method") {
        std::vector<std::string> names;
        for (SolverMethod method :
             {SolverMethod::ExplicitEuler, SolverMethod::Heun, SolverMethod::BogackiShampine,
              SolverMethod::RungeKutta4, SolverMethod::AdamsBashforth2, SolverMethod::Bdf2,
              SolverMethod::Sdirk2, SolverMethod::CvodeBdf, SolverMethod::CvodeAdams,
              SolverMethod::ArkodeErk, SolverMethod::ArkodeImex}) {
          names.push_back(to_string(method));
        }
        options.method = solver_method_from_string(choice(value, names, "solver method"));
      } else if (key == "relative_tolerance" || key == "absolute_tolerance" ||
                 key == "newton_tolerance") {
        const double tolerance = quantity(value, "1", what);
        if (!(tolerance > 0.0) || (key == "relative_tolerance" && !(tolerance < 1.0))) {
          fail(value.where, what + " = " + value.scalar + " must be " +
                                (key == "relative_tolerance" ? "between 0 and 1" : "> 0"));
        }
        (key == "relative_tolerance"   ? options.relative_tolerance
         : key == "absolute_tolerance" ? options.absolute_tolerance
                                       : options.newton_tolerance) = tolerance;
      } else if (key == "fixed_step") {
        options.fixed_step = positive_time(value, what);
      } else if (key == "max_step") {
        options.max_step = non_negative_time(value, what);
      } else if (key == "initial_step") {
        options.initial_step = non_negative_time(value, what);
      } else if (key == "max_steps_per_call") {
        options.max_steps_per_call = integer(value, what, 1);
      } else if (key == "linear_solver") {
        const std::string& name = choice(value, kLinearSolverNames, "linear solver");
        options.linear_solver = name == "dense"  ? LinearSolverKind::Dense
                                : name == "band" ? LinearSolverKind::Band
                                                 : LinearSolverKind::SparseKlu;
      } else if (key == "newton_iterations") {
        options.newton_iterations = static_cast<int>(std::min(integer(value, what, 1), 1000L));
      } else if (key == "fixed_newton_iterations") {
        options.fixed_newton_iterations = boolean(value, what);
      } else if (key == "jacobian") {
        options.jacobian = choice(value, {"solver", "model"}, "jacobian source") == "model"
                               ? SolverOptions::JacobianSource::Model
                               : SolverOptions::JacobianSource::Solver;
      } else if (key == "restart_at_discontinuities") {
        options.restart_at_discontinuities = boolean(value, what);
      } else if (key == "jacobian_reuse_steps") {
        options.jacobian_reuse_steps = static_cast<int>(std::min(integer(value, what, 1), 1000000L));
      }
    }
  }

  void read_simulation(const TreeNode& root) {
    const TreeNode* simulation = root.find("simulation");
    if (simulation == nullptr) {
      fail(root.where, "missing section 'simulation'; expected e.g. 'simulation: {start: 0 s, "
                       "stop: 60 s}'");
    }
    const TreeNode& map = expect_map(*simulation, "'simulation'");
    check_keys(map, kSimulationKeys, "'simulation'");
    if (const TreeNode* start = map.find("start")) {
      spec_.start_time = quantity(*start, "s", "simulation.start");
    }
    const TreeNode* stop = map.find("stop");
    if (stop == nullptr) {
      fail(root.key_location("simulation"), "'simulation' has no 'stop'; expected e.g. "
                                            "'stop: 1800 s'");
    }
    spec_.stop_time = quantity(*stop, "s", "simulation.stop");
    if (!(spec_.stop_time > spec_.start_time)) {
      fail(stop->where, "simulation.stop = " + stop->scalar + " must be later than the start (" +
                            number_text(spec_.start_time) + " s)");
    }
  }

  void read_subsystems(const TreeNode& node, const SourceLocation& section_where) {
    const TreeNode& map = expect_map(node, "'subsystems'");
    std::map<std::string, std::string> owner;  // component -> subsystem
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const std::string& name = map.keys[i];
      const std::string context = "subsystem '" + name + "'";
      const TreeNode& body = expect_map(map.values[i], context);
      check_keys(body, kSubsystemKeys, context);
      SubsystemSpec subsystem;
      subsystem.name = name;
      subsystem.solver = spec_.solver;
      const TreeNode* members = body.find("components");
      if (members == nullptr) fail(map.key_where[i], context + " has no 'components' list");
      for (const TreeNode* member : expect_scalar_list(*members, context + " components")) {
        const std::string& component = member->scalar;
        if (by_name_.count(component) == 0) {
          fail(member->where, context + ": no component '" + component + "'" +
                                  text::did_you_mean(component, component_names_) +
                                  "; expected one of: " + join(component_names_));
        }
        const auto [it, inserted] = owner.emplace(component, name);
        if (!inserted) {
          fail(member->where, "component '" + component + "' is already in subsystem '" +
                                  it->second + "'; expected each component in one subsystem");
        }
        subsystem.components.push_back(component);
      }
      if (subsystem.components.empty()) fail(map.key_where[i], context + " has no components");
      if (const TreeNode* solver = body.find("solver")) {
        read_solver(*solver, subsystem.solver, "subsystems." + name + ".solver");
      }
      spec_.subsystems.push_back(std::move(subsystem));
    }
    for (const std::string& component : component_names_) {
      if (owner.count(component) == 0) {
        fail(section_where, "component '" + component + "' is in no subsystem; when 'subsystems' "
                            "is given every component must belong to exactly one");
      }
    }
  }

  void read_cosimulation(const TreeNode& node) {
    const TreeNode& map = expect_map(node, "'cosimulation'");
    check_keys(map, kCosimulationKeys, "'cosimulation'");
    CosimulationOptions& options = spec_.cosimulation;
    if (const TreeNode* step = map.find("communication_step")) {
      options.communication_step = positive_time(*step, "cosimulation.communication_step");
    }
    if (const TreeNode* scheme = map.find("scheme")) {
      options.scheme = coupling_scheme_from_string(choice(*scheme, kSchemeNames,
                                                          "co-simulation scheme"));
    }
    if (const TreeNode* extrapolation = map.find("extrapolation")) {
      options.extrapolation = coupling_extrapolation_from_string(
          choice(*extrapolation, kCouplingExtrapolationNames, "co-simulation extrapolation"));
    }
    if (const TreeNode* threads = map.find("threads")) {
      options.threads = static_cast<int>(std::min(integer(*threads, "cosimulation.threads", 0), 1024L));
    }
  }

  void read_output(const TreeNode& node) {
    const TreeNode& map = expect_map(node, "'output'");
    check_keys(map, kOutputKeys, "'output'");
    OutputSpec& output = spec_.output;
    if (const TreeNode* file = map.find("file")) output.file = expect_scalar(*file, "output.file");
    if (const TreeNode* interval = map.find("interval")) {
      output.interval = non_negative_time(*interval, "output.interval");
    }
    if (const TreeNode* flush = map.find("flush_interval")) {
      output.flush_interval = positive_time(*flush, "output.flush_interval");
    }
    if (const TreeNode* signals = map.find("signals")) {
      std::vector<std::string> candidates;
      for (const auto& component : spec_.components) {
        for (const SignalSpec& signal : component->outputs()) {
          candidates.push_back(component->name() + "/" + signal.name);
        }
        for (const StateSpec& state : component->states()) {
          candidates.push_back(component->name() + "/" + state.name);
        }
      }
      output.signals.clear();
      for (const TreeNode* pattern : expect_scalar_list(*signals, "output.signals")) {
        const bool matches = std::any_of(candidates.begin(), candidates.end(), [&](const auto& name) {
          return glob_match(pattern->scalar, name);
        });
        if (!matches) {
          fail(pattern->where, "signal pattern '" + pattern->scalar + "' matches no output or "
                               "state" + text::did_you_mean(pattern->scalar, candidates) +
                               "; expected 'component/signal' with * and ? wildcards");
        }
        output.signals.push_back(pattern->scalar);
      }
    }
  }

  const ComponentRegistry& registry_;
  ScenarioSpec& spec_;
  std::map<std::string, const Component*> by_name_;
  std::vector<std::string> component_names_;
};

// Table file paths become absolute so that the resolved text stands on its own.
void absolutise_table_paths(TreeNode& root) {
  TreeNode* components = root.find("components");
  if (components == nullptr || !components->is_map()) return;
  for (TreeNode& component : components->values) {
    TreeNode* tables = component.is_map() ? component.find("tables") : nullptr;
    if (tables == nullptr || !tables->is_map()) continue;
    for (TreeNode& table : tables->values) {
      TreeNode* file = table.is_map() ? table.find("file") : nullptr;
      if (file == nullptr || !file->is_scalar()) continue;
      std::error_code error;
      const fs::path absolute = fs::absolute(resolve_relative(*file, file->scalar), error);
      if (!error) file->scalar = absolute.lexically_normal().string();
    }
  }
}

ScenarioSpec load(const std::string& text, const std::string& virtual_path,
                  const std::vector<std::string>& overrides, const ComponentRegistry& registry) {
  IncludeResolver includes(identity_of(virtual_path));
  TreeNode root = includes.load_scenario_file(text, virtual_path, true);
  if (TreeNode* components = root.find("components"); components != nullptr && components->is_map()) {
    for (std::size_t i = 0; i < components->keys.size(); ++i) {
      includes.resolve_component(components->values[i], components->keys[i]);
    }
  }
  for (const std::string& expression : overrides) {
    apply_override(root, expression, directory_of(virtual_path));
  }
  ScenarioSpec spec;
  spec.source_file = virtual_path;
  ScenarioBuilder(registry, spec).build(root);
  absolutise_table_paths(root);
  spec.resolved_text = scenario_detail::emit_yaml(root);
  return spec;
}

// Anything unexpected (a library exception) still ends as an InputError naming the scenario.
template <typename Function>
ScenarioSpec guarded(const std::string& path, Function&& function) {
  try {
    return function();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    throw InputError(file_location(path), std::string("could not load the scenario: ") + error.what());
  }
}

}  // namespace

const Component* ScenarioSpec::find_component(const std::string& component_name) const {
  for (const auto& component : components) {
    if (component->name() == component_name) return component.get();
  }
  return nullptr;
}

ScenarioSpec load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                           const ComponentRegistry& registry) {
  return guarded(path, [&] {
    const std::string text = read_text_file(path, file_location(path), "scenario file");
    return load(text, path, overrides, registry);
  });
}

ScenarioSpec load_scenario_text(const std::string& text, const std::string& virtual_path,
                                const std::vector<std::string>& overrides,
                                const ComponentRegistry& registry) {
  return guarded(virtual_path, [&] { return load(text, virtual_path, overrides, registry); });
}

}  // namespace etsim
