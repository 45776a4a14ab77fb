#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "bindings/cli/commands.h"
#include "engine/framework/component_type.h"
#include "models/register_all.h"

namespace etsim::cli {

void add_components_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "components", "List the component types scenarios can use, with their parameters");
  auto type = std::make_shared<std::string>();
  command->add_option("type", *type, "show one type only");
  command->callback([type] {
    ComponentRegistry registry;
    register_all_components(registry);
    for (const std::string& name : registry.type_names()) {
      if (!type->empty() && name != *type) continue;
      const ComponentType& t = registry.get(name);
      std::cout << fmt::format("{}: {}\n", name, t.description);
      if (type->empty()) continue;
      for (const NumberParameterSpec& p : t.numbers) {
        std::cout << fmt::format("  {:<28} [{}] {}{}\n", p.name, p.unit, p.description,
                                 p.required() ? " (required)"
                                              : fmt::format(" (default {:g})", p.default_value));
      }
      for (const TextParameterSpec& p : t.texts) {
        std::cout << fmt::format("  {:<28} text {} (default '{}')\n", p.name, p.description,
                                 p.default_value);
      }
      for (const TableParameterSpec& p : t.tables) {
        std::string columns;
        for (const auto& c : p.columns) columns += " " + c.name + " [" + c.unit + "]";
        std::cout << fmt::format("  {:<28} table:{} {}\n", p.name, columns, p.description);
      }
    }
    if (!type->empty()) registry.get(*type);  // unknown type: error with a suggestion
  });
}

}  // namespace etsim::cli
