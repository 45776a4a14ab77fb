#include "engine/framework/component_type.h"

#include <cmath>
#include <sstream>

#include "engine/core/error.h"
#include "engine/core/text.h"

namespace etsim {

const std::vector<double>& Table::column(const std::string& name) const {
  for (std::size_t i = 0; i < column_names.size(); ++i) {
    if (column_names[i] == name) return columns[i];
  }
  throw Error("table from '" + source + "' has no column '" + name + "'" +
              text::did_you_mean(name, column_names));
}

double ParameterValues::number(const std::string& name) const {
  const auto found = numbers_.find(name);
  if (found == numbers_.end()) throw Error("parameter '" + name + "' is not set");
  return found->second;
}

const std::string& ParameterValues::text(const std::string& name) const {
  const auto found = texts_.find(name);
  if (found == texts_.end()) throw Error("text parameter '" + name + "' is not set");
  return found->second;
}

const Table& ParameterValues::table(const std::string& name) const {
  const auto found = tables_.find(name);
  if (found == tables_.end()) throw Error("table parameter '" + name + "' is not set");
  return found->second;
}

ParameterValues ComponentType::complete(const std::string& component_name,
                                        ParameterValues given) const {
  const std::string who = "component '" + component_name + "' (" + type_name + ")";
  for (const NumberParameterSpec& spec : numbers) {
    const auto& present = given.numbers();
    const auto found = present.find(spec.name);
    if (found == present.end()) {
      if (spec.required()) {
        throw InputError(who + ": required parameter '" + spec.name + "' [" + spec.unit +
                         "] is missing (" + spec.description + ")");
      }
      given.set_number(spec.name, spec.default_value);
      continue;
    }
    const double value = found->second;
    if (!std::isfinite(value) || value < spec.minimum || value > spec.maximum) {
      std::ostringstream message;
      message << who << ": parameter '" << spec.name << "' = " << value << " " << spec.unit
              << " is outside the allowed range [" << spec.minimum << ", " << spec.maximum << "] "
              << spec.unit;
      throw InputError(message.str());
    }
  }
  for (const TextParameterSpec& spec : texts) {
    const auto& present = given.texts();
    const auto found = present.find(spec.name);
    if (found == present.end()) {
      if (spec.required) {
        throw InputError(who + ": required parameter '" + spec.name + "' is missing");
      }
      given.set_text(spec.name, spec.default_value);
      continue;
    }
    if (!spec.choices.empty()) {
      bool valid = false;
      for (const std::string& choice : spec.choices) valid = valid || choice == found->second;
      if (!valid) {
        std::string list;
        for (const std::string& choice : spec.choices) list += (list.empty() ? "" : ", ") + choice;
        throw InputError(who + ": parameter '" + spec.name + "' = '" + found->second +
                         "' is not one of: " + list +
                         text::did_you_mean(found->second, spec.choices));
      }
    }
  }
  for (const TableParameterSpec& spec : tables) {
    if (spec.required && !given.has_table(spec.name)) {
      throw InputError(who + ": required table '" + spec.name + "' is missing");
    }
  }
  return given;
}

void ComponentRegistry::add(ComponentType type) {
  const std::string name = type.type_name;
  if (!types_.emplace(name, std::move(type)).second) {
    throw Error("component type '" + name + "' is registered twice");
  }
}

const ComponentType* ComponentRegistry::find(const std::string& type_name) const {
  const auto found = types_.find(type_name);
  return found == types_.end() ? nullptr : &found->second;
}

const ComponentType& ComponentRegistry::get(const std::string& type_name) const {
  const ComponentType* type = find(type_name);
  if (type == nullptr) {
    throw InputError("unknown component type '" + type_name + "'" +
                     text::did_you_mean(type_name, type_names()));
  }
  return *type;
}

std::vector<std::string> ComponentRegistry::type_names() const {
  std::vector<std::string> names;
  for (const auto& [name, type] : types_) names.push_back(name);
  return names;
}

}  // namespace etsim
