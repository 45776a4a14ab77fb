// How a component type presents itself to scenario files, the CLI and bindings without either side
// knowing the other: a type name, parameter specifications with units and ranges, and a factory.
// models/ registers its types here; engine/io reads scenario files and fills ParameterValues with SI
// numbers, strings and tables. No YAML or HDF5 appears on either side of this interface.
#pragma once

#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/framework/component.h"

namespace etsim {

struct NumberParameterSpec {
  std::string name;
  std::string unit;  // SI unit string of the value the component receives
  double default_value = std::numeric_limits<double>::quiet_NaN();  // NaN: required
  double minimum = -std::numeric_limits<double>::infinity();        // [unit] inclusive
  double maximum = std::numeric_limits<double>::infinity();         // [unit] inclusive
  std::string description;
  bool required() const { return default_value != default_value; }
};

struct TextParameterSpec {
  std::string name;
  std::string default_value;          // empty and required==true: must be given
  std::vector<std::string> choices;   // empty: any text
  std::string description;
  bool required = false;
};

// A table (e.g. a load profile over time, a loss map) given as a CSV file. Columns are named by the
// component; the scenario says which CSV column and unit feeds each.
struct TableParameterSpec {
  struct Column {
    std::string name;  // e.g. "time", "current"
    std::string unit;  // SI unit the component receives
  };
  std::string name;
  std::vector<Column> columns;
  std::string description;
  bool required = true;
};

// Numeric columns in SI, same length, as named by the TableParameterSpec.
struct Table {
  std::vector<std::string> column_names;
  std::vector<std::vector<double>> columns;
  std::string source;  // file it came from, for messages
  const std::vector<double>& column(const std::string& name) const;
  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
};

// What a factory receives: every declared parameter present (defaults filled in), SI units.
class ParameterValues {
 public:
  double number(const std::string& name) const;      // throws Error naming the missing parameter
  const std::string& text(const std::string& name) const;
  const Table& table(const std::string& name) const;
  bool has_table(const std::string& name) const { return tables_.count(name) != 0; }

  void set_number(const std::string& name, double value) { numbers_[name] = value; }
  void set_text(const std::string& name, std::string value) { texts_[name] = std::move(value); }
  void set_table(const std::string& name, Table value) { tables_[name] = std::move(value); }
  const std::map<std::string, double>& numbers() const { return numbers_; }
  const std::map<std::string, std::string>& texts() const { return texts_; }

 private:
  std::map<std::string, double> numbers_;
  std::map<std::string, std::string> texts_;
  std::map<std::string, Table> tables_;
};

struct ComponentType {
  std::string type_name;    // e.g. "ThermalCapacitance"
  std::string description;  // one line
  std::vector<NumberParameterSpec> numbers;
  std::vector<TextParameterSpec> texts;
  std::vector<TableParameterSpec> tables;
  std::function<std::unique_ptr<Component>(const std::string& name, const ParameterValues&)> create;

  // Fills defaults for absent parameters, checks required ones and ranges. Throws InputError
  // naming the component, parameter, value and allowed range.
  ParameterValues complete(const std::string& component_name, ParameterValues given) const;
};

class ComponentRegistry {
 public:
  void add(ComponentType type);  // throws Error on a duplicate type name
  const ComponentType* find(const std::string& type_name) const;  // nullptr when unknown
  const ComponentType& get(const std::string& type_name) const;   // throws InputError with suggestion
  std::vector<std::string> type_names() const;

 private:
  std::map<std::string, ComponentType> types_;
};

}  // namespace etsim
