#include "engine/framework/component.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace etsim {

namespace {
template <typename Spec>
int find_by_name(const std::vector<Spec>& specs, std::string_view name) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == name) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

Component::Component(std::string name) : name_(std::move(name)) {
  ETSIM_DEMAND(!name_.empty(), "a component needs a name");
  ETSIM_DEMAND(name_.find('.') == std::string::npos && name_.find('/') == std::string::npos,
               "component name '" + name_ + "' must not contain '.' or '/'");
}

Component::~Component() = default;

int Component::find_state(std::string_view name) const { return find_by_name(states_, name); }
int Component::find_input(std::string_view name) const { return find_by_name(inputs_, name); }
int Component::find_output(std::string_view name) const { return find_by_name(outputs_, name); }
int Component::find_discrete_state(std::string_view name) const {
  return find_by_name(discrete_states_, name);
}

const PortSpec* Component::find_port(std::string_view name) const {
  const int index = find_by_name(ports_, name);
  return index < 0 ? nullptr : &ports_[index];
}

bool Component::output_depends_on_input(int output, int input) const {
  if (!direct_feedthrough_) return false;
  if (feedthrough_.empty()) return true;
  return std::find(feedthrough_.begin(), feedthrough_.end(), std::make_pair(output, input)) !=
         feedthrough_.end();
}

void Component::add_feedthrough(int output, int input) {
  ETSIM_DEMAND(output >= 0 && output < static_cast<int>(outputs_.size()) && input >= 0 &&
                   input < static_cast<int>(inputs_.size()),
               name_ + ": add_feedthrough() with an undeclared input or output");
  direct_feedthrough_ = true;
  feedthrough_.emplace_back(output, input);
}

void Component::set_initial_state(int index, double value) {
  ETSIM_DEMAND(index >= 0 && index < static_cast<int>(states_.size()), name_ + ": no such state");
  ETSIM_DEMAND(std::isfinite(value), name_ + "." + states_[index].name + ": initial value not finite");
  states_[index].initial = value;
}

void Component::set_initial_discrete_state(int index, double value) {
  ETSIM_DEMAND(index >= 0 && index < static_cast<int>(discrete_states_.size()),
               name_ + ": no such discrete state");
  discrete_states_[index].initial = value;
}

int Component::add_state(StateSpec spec) {
  ETSIM_DEMAND(find_state(spec.name) < 0, name_ + ": duplicate state '" + spec.name + "'");
  ETSIM_DEMAND(spec.nominal > 0.0, name_ + "." + spec.name + ": nominal must be positive");
  states_.push_back(std::move(spec));
  return static_cast<int>(states_.size()) - 1;
}

int Component::add_discrete_state(DiscreteStateSpec spec) {
  ETSIM_DEMAND(find_discrete_state(spec.name) < 0,
               name_ + ": duplicate discrete state '" + spec.name + "'");
  discrete_states_.push_back(std::move(spec));
  return static_cast<int>(discrete_states_.size()) - 1;
}

int Component::add_input(SignalSpec spec) {
  ETSIM_DEMAND(find_input(spec.name) < 0, name_ + ": duplicate input '" + spec.name + "'");
  inputs_.push_back(std::move(spec));
  return static_cast<int>(inputs_.size()) - 1;
}

int Component::add_output(SignalSpec spec) {
  ETSIM_DEMAND(find_output(spec.name) < 0, name_ + ": duplicate output '" + spec.name + "'");
  outputs_.push_back(std::move(spec));
  return static_cast<int>(outputs_.size()) - 1;
}

const PortSpec& Component::add_port(std::string name, PortKind kind, PortRole role,
                                    std::string signal_unit) {
  ETSIM_DEMAND(find_port(name) == nullptr, name_ + ": duplicate port '" + name + "'");
  PortSpec port{name, kind, role, signal_unit, {}, {}};
  for (const PortVariable& variable : port_variables(kind)) {
    const std::string unit = kind == PortKind::Signal ? signal_unit : variable.unit;
    const std::string full_name = kind == PortKind::Signal ? name : name + "." + variable.name;
    const bool is_output = variable.output_of_a == (role == PortRole::A);
    const std::string description =
        std::string(to_string(kind)) + " port '" + name + "' " + variable.name;
    if (is_output) {
      port.output_index.push_back(add_output({full_name, unit, description}));
      port.input_index.push_back(-1);
    } else {
      port.input_index.push_back(add_input({full_name, unit, description}));
      port.output_index.push_back(-1);
    }
  }
  ports_.push_back(std::move(port));
  return ports_.back();
}

void Component::require_index(int declared, int expected, std::string_view what) const {
  ETSIM_DEMAND(declared == expected, name_ + ": '" + std::string(what) + "' declared at index " +
                                         std::to_string(declared) + ", but the component's code "
                                         "uses index " + std::to_string(expected));
}

void Component::set_sample_period(double period, double offset) {
  ETSIM_DEMAND(period > 0.0 && offset >= 0.0, name_ + ": sample period must be positive");
  sample_period_ = period;
  sample_offset_ = offset;
}

}  // namespace etsim
