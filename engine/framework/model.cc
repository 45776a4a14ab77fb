#include "engine/framework/model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/core/text.h"
#include "engine/core/units.h"

namespace etsim {

namespace {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string result;
  for (const std::string& item : items) result += (result.empty() ? "" : separator) + item;
  return result;
}

std::vector<int> merge_sorted(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> result;
  result.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(result));
  return result;
}

}  // namespace

// ----------------------------------------------------------------------------------------------
// Model

int Model::find_component(std::string_view name) const {
  for (int i = 0; i < component_count(); ++i) {
    if (components_[i]->name() == name) return i;
  }
  return -1;
}

std::string Model::state_name(int global_state) const {
  if (global_state < 0 || global_state >= state_size_) return "<state " + std::to_string(global_state) + ">";
  const int c = state_owner_[global_state];
  return components_[c]->name() + "/" +
         components_[c]->states()[global_state - layouts_[c].state_offset].name;
}

std::string Model::output_name(int global_output) const {
  if (global_output < 0 || global_output >= output_size_) return "<output " + std::to_string(global_output) + ">";
  const int c = output_owner_[global_output];
  return components_[c]->name() + "/" +
         components_[c]->outputs()[global_output - layouts_[c].output_offset].name;
}

std::string Model::input_name(int global_input) const {
  if (global_input < 0 || global_input >= input_size_) return "<input " + std::to_string(global_input) + ">";
  const int c = input_owner_[global_input];
  return components_[c]->name() + "/" +
         components_[c]->inputs()[global_input - layouts_[c].input_offset].name;
}

int Model::find_output(std::string_view path) const {
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return -1;
  const int c = find_component(path.substr(0, slash));
  if (c < 0) return -1;
  const int local = components_[c]->find_output(path.substr(slash + 1));
  return local < 0 ? -1 : layouts_[c].output_offset + local;
}

int Model::find_state(std::string_view path) const {
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return -1;
  const int c = find_component(path.substr(0, slash));
  if (c < 0) return -1;
  const int local = components_[c]->find_state(path.substr(slash + 1));
  return local < 0 ? -1 : layouts_[c].state_offset + local;
}

RunData make_run_data(const Model& model) {
  RunData data;
  data.x.assign(model.initial_state().begin(), model.initial_state().end());
  data.xdot.assign(model.state_size(), 0.0);
  data.u.assign(model.input_size(), 0.0);
  data.y.assign(model.output_size(), 0.0);
  data.d.assign(model.initial_discrete().begin(), model.initial_discrete().end());
  data.d_next = data.d;
  data.g.assign(model.zero_crossing_size(), 0.0);
  data.work.assign(model.work_size(), 0.0);
  const std::size_t externals = model.external_inputs().size();
  data.external_value.assign(externals, 0.0);
  data.external_slope.assign(externals, 0.0);
  data.external_time.assign(externals, 0.0);
  return data;
}

// ----------------------------------------------------------------------------------------------
// ModelBuilder

void ModelBuilder::add(std::shared_ptr<const Component> component) {
  ETSIM_DEMAND(component != nullptr, "ModelBuilder::add(nullptr)");
  for (const auto& existing : components_) {
    if (existing->name() == component->name()) {
      throw InputError("duplicate component name '" + component->name() + "'");
    }
  }
  components_.push_back(std::move(component));
}

std::vector<std::string> ModelBuilder::component_names() const {
  std::vector<std::string> names;
  for (const auto& component : components_) names.push_back(component->name());
  return names;
}

ModelBuilder::End ModelBuilder::resolve(const std::string& text,
                                        const SourceLocation& where) const {
  const auto dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
    throw InputError(where, "'" + text + "' is not of the form component.port or component.signal");
  }
  const std::string component_name = text.substr(0, dot);
  const std::string rest = text.substr(dot + 1);
  End end;
  for (std::size_t i = 0; i < components_.size(); ++i) {
    if (components_[i]->name() == component_name) end.component = static_cast<int>(i);
  }
  if (end.component < 0) {
    throw InputError(where, "unknown component '" + component_name + "' in '" + text + "'" +
                                text::did_you_mean(component_name, component_names()));
  }
  const Component& component = *components_[end.component];
  end.port = component.find_port(rest);
  if (end.port != nullptr) return end;
  end.input = component.find_input(rest);
  end.output = component.find_output(rest);
  if (end.input >= 0 || end.output >= 0) return end;
  std::vector<std::string> candidates;
  for (const PortSpec& port : component.ports()) candidates.push_back(port.name);
  for (const SignalSpec& input : component.inputs()) candidates.push_back(input.name);
  for (const SignalSpec& output : component.outputs()) candidates.push_back(output.name);
  throw InputError(where, "component '" + component_name + "' (" +
                              std::string(component.type_name()) + ") has no port or signal '" +
                              rest + "'" + text::did_you_mean(rest, candidates) +
                              "; it has: " + join(candidates, ", "));
}

void ModelBuilder::connect(const std::string& end_a, const std::string& end_b,
                           SourceLocation where) {
  End a = resolve(end_a, where);
  End b = resolve(end_b, where);
  const Component& ca = *components_[a.component];
  const Component& cb = *components_[b.component];
  const std::string both = "'" + end_a + "' and '" + end_b + "'";

  if (a.port != nullptr && b.port != nullptr) {
    if (a.port->kind != b.port->kind) {
      throw InputError(where, "cannot connect " + both + ": '" + end_a + "' is a " +
                                  std::string(to_string(a.port->kind)) + " port, '" + end_b +
                                  "' a " + std::string(to_string(b.port->kind)) + " port");
    }
    if (a.port->role == b.port->role) {
      const std::string role(role_name(a.port->kind, a.port->role));
      throw InputError(where, "cannot connect " + both + ": both are " +
                                  std::string(to_string(a.port->kind)) + " " + role +
                                  " ports; one side must be " +
                                  std::string(role_name(a.port->kind, a.port->role == PortRole::A
                                                                          ? PortRole::B
                                                                          : PortRole::A)));
    }
    if (a.port->kind == PortKind::Signal &&
        !units::compatible(a.port->signal_unit, b.port->signal_unit)) {
      throw InputError(where, "cannot connect " + both + ": units '" + a.port->signal_unit +
                                  "' and '" + b.port->signal_unit + "' differ in dimension");
    }
    const auto& variables = port_variables(a.port->kind);
    for (std::size_t v = 0; v < variables.size(); ++v) {
      const bool a_outputs = a.port->output_index[v] >= 0;
      const End& from = a_outputs ? a : b;
      const End& to = a_outputs ? b : a;
      const Component& cf = *components_[from.component];
      const Component& ct = *components_[to.component];
      const int from_output = from.port->output_index[v];
      const int to_input = to.port->input_index[v];
      if (!variables[v].summed) {
        for (const Connection& existing : connections_) {
          if (existing.to_component == to.component && existing.to_input == to_input) {
            throw InputError(where, "cannot connect " + both + ": '" + ct.name() + "." +
                                        to.port->name + "' is already connected (" +
                                        existing.description + "); a " +
                                        std::string(role_name(to.port->kind, to.port->role)) +
                                        " port takes one connection");
          }
        }
      }
      connections_.push_back({from.component, from_output, to.component, to_input,
                              cf.name() + "." + cf.outputs()[from_output].name + " -> " +
                                  ct.name() + "." + ct.inputs()[to_input].name});
    }
    connected_ports_.emplace_back(a.component, a.port->name);
    connected_ports_.emplace_back(b.component, b.port->name);
    return;
  }

  // Signal connection: exactly one output and one input (a Signal port counts as its variable).
  auto as_output = [](const Component& c, const End& e) {
    if (e.port != nullptr) return e.port->output_index.empty() ? -1 : e.port->output_index[0];
    return e.output;
  };
  auto as_input = [](const Component& c, const End& e) {
    if (e.port != nullptr) return e.port->input_index.empty() ? -1 : e.port->input_index[0];
    return e.input;
  };
  if ((a.port != nullptr && a.port->kind != PortKind::Signal) ||
      (b.port != nullptr && b.port->kind != PortKind::Signal)) {
    throw InputError(where, "cannot connect " + both +
                                ": a physical port connects only to a port of the same kind");
  }
  int from_component = a.component, to_component = b.component;
  int from_output = as_output(ca, a), to_input = as_input(cb, b);
  if (from_output < 0 || to_input < 0) {
    from_component = b.component;
    to_component = a.component;
    from_output = as_output(cb, b);
    to_input = as_input(ca, a);
  }
  if (from_output < 0 || to_input < 0) {
    throw InputError(where, "cannot connect " + both +
                                ": a signal connection needs one output and one input");
  }
  const Component& cf = *components_[from_component];
  const Component& ct = *components_[to_component];
  const std::string& from_unit = cf.outputs()[from_output].unit;
  const std::string& to_unit = ct.inputs()[to_input].unit;
  if (!units::compatible(from_unit, to_unit)) {
    throw InputError(where, "cannot connect " + both + ": '" + cf.name() + "." +
                                cf.outputs()[from_output].name + "' is in " + from_unit + ", '" +
                                ct.name() + "." + ct.inputs()[to_input].name + "' expects " +
                                to_unit);
  }
  for (const Connection& existing : connections_) {
    if (existing.to_component == to_component && existing.to_input == to_input) {
      throw InputError(where, "cannot connect " + both + ": input '" + ct.name() + "." +
                                  ct.inputs()[to_input].name + "' is already connected (" +
                                  existing.description + ")");
    }
  }
  connections_.push_back({from_component, from_output, to_component, to_input,
                          cf.name() + "." + cf.outputs()[from_output].name + " -> " + ct.name() +
                              "." + ct.inputs()[to_input].name});
  if (a.port != nullptr) connected_ports_.emplace_back(a.component, a.port->name);
  if (b.port != nullptr) connected_ports_.emplace_back(b.component, b.port->name);
}

void ModelBuilder::allow_unconnected(const std::string& end_text) {
  End end = resolve(end_text, {});
  if (end.port != nullptr) {
    allowed_unconnected_ports_.emplace_back(end.component, end.port->name);
    for (int input : end.port->input_index) {
      if (input >= 0) allowed_unconnected_inputs_.emplace_back(end.component, input);
    }
  } else if (end.input >= 0) {
    allowed_unconnected_inputs_.emplace_back(end.component, end.input);
  } else {
    throw InputError("'" + end_text + "' is an output; only ports and inputs can be left open");
  }
}

Model ModelBuilder::build() const {
  std::vector<int> all(components_.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  return build_from(all);
}

Model ModelBuilder::build_subset(const std::vector<std::string>& names) const {
  std::vector<int> members;
  for (const std::string& name : names) {
    int found = -1;
    for (std::size_t i = 0; i < components_.size(); ++i) {
      if (components_[i]->name() == name) found = static_cast<int>(i);
    }
    if (found < 0) {
      throw InputError("subsystem names unknown component '" + name + "'" +
                       text::did_you_mean(name, component_names()));
    }
    if (std::find(members.begin(), members.end(), found) != members.end()) {
      throw InputError("subsystem names component '" + name + "' twice");
    }
    members.push_back(found);
  }
  std::sort(members.begin(), members.end());
  return build_from(members);
}

Model ModelBuilder::build_from(const std::vector<int>& members) const {
  Model model;
  std::vector<int> local_of(components_.size(), -1);
  for (std::size_t k = 0; k < members.size(); ++k) {
    local_of[members[k]] = static_cast<int>(k);
    model.components_.push_back(components_[members[k]]);
  }
  const int n = static_cast<int>(members.size());

  // Layout.
  model.layouts_.resize(n);
  for (int c = 0; c < n; ++c) {
    const Component& component = *model.components_[c];
    ComponentLayout& l = model.layouts_[c];
    l.state_offset = model.state_size_;
    l.state_count = static_cast<int>(component.states().size());
    l.input_offset = model.input_size_;
    l.input_count = static_cast<int>(component.inputs().size());
    l.output_offset = model.output_size_;
    l.output_count = static_cast<int>(component.outputs().size());
    l.discrete_offset = model.discrete_size_;
    l.discrete_count = static_cast<int>(component.discrete_states().size());
    l.zero_crossing_offset = model.zero_crossing_size_;
    l.zero_crossing_count = component.zero_crossing_count();
    l.work_offset = model.work_size_;
    l.work_count = component.workspace_size();
    model.state_size_ += l.state_count;
    model.input_size_ += l.input_count;
    model.output_size_ += l.output_count;
    model.discrete_size_ += l.discrete_count;
    model.zero_crossing_size_ += l.zero_crossing_count;
    model.work_size_ += l.work_count;
    model.state_owner_.insert(model.state_owner_.end(), l.state_count, c);
    model.output_owner_.insert(model.output_owner_.end(), l.output_count, c);
    model.input_owner_.insert(model.input_owner_.end(), l.input_count, c);
  }

  // Dangling ports (whole network: a port connected to a component outside the subset is still
  // connected).
  for (int member : members) {
    const Component& component = *components_[member];
    for (const PortSpec& port : component.ports()) {
      const auto key = std::make_pair(member, port.name);
      const bool connected = std::find(connected_ports_.begin(), connected_ports_.end(), key) !=
                             connected_ports_.end();
      const bool allowed =
          std::find(allowed_unconnected_ports_.begin(), allowed_unconnected_ports_.end(), key) !=
          allowed_unconnected_ports_.end();
      if (!connected && !allowed) {
        throw InputError("port '" + component.name() + "." + port.name + "' (" +
                         std::string(to_string(port.kind)) + " " +
                         std::string(role_name(port.kind, port.role)) +
                         ") is not connected; connect it or list it under 'unconnected'");
      }
    }
  }

  // Input terms.
  std::vector<std::vector<int>> terms(model.input_size_);
  for (const Connection& connection : connections_) {
    const int to_local = local_of[connection.to_component];
    if (to_local < 0) continue;
    const int input = model.layouts_[to_local].input_offset + connection.to_input;
    const int from_local = local_of[connection.from_component];
    if (from_local >= 0) {
      terms[input].push_back(model.layouts_[from_local].output_offset + connection.from_output);
    } else {
      const Component& from = *components_[connection.from_component];
      const Component& to = *components_[connection.to_component];
      ExternalInput external;
      external.name = to.name() + "." + to.inputs()[connection.to_input].name;
      external.source = from.name() + "." + from.outputs()[connection.from_output].name;
      external.unit = to.inputs()[connection.to_input].unit;
      external.input = input;
      model.external_inputs_.push_back(external);
      terms[input].push_back(-static_cast<int>(model.external_inputs_.size()));
    }
  }
  for (int c = 0; c < n; ++c) {
    const Component& component = *model.components_[c];
    for (int i = 0; i < model.layouts_[c].input_count; ++i) {
      const int global_input = model.layouts_[c].input_offset + i;
      if (!terms[global_input].empty()) continue;
      const auto key = std::make_pair(members[c], i);
      const bool allowed = std::find(allowed_unconnected_inputs_.begin(),
                                     allowed_unconnected_inputs_.end(),
                                     key) != allowed_unconnected_inputs_.end();
      // Summed inputs of a connected port may have no term only if the port was allowed open;
      // the dangling-port check above covers ports, this covers plain inputs.
      bool in_connected_port = false;
      for (const PortSpec& port : component.ports()) {
        for (int index : port.input_index) in_connected_port = in_connected_port || index == i;
      }
      if (!allowed && !in_connected_port) {
        throw InputError("input '" + component.name() + "." + component.inputs()[i].name + "' [" +
                         component.inputs()[i].unit +
                         "] is not connected; connect it or list it under 'unconnected'");
      }
    }
  }
  model.input_term_start_.assign(model.input_size_ + 1, 0);
  for (int i = 0; i < model.input_size_; ++i) {
    model.input_term_start_[i + 1] =
        model.input_term_start_[i] + static_cast<int>(terms[i].size());
    model.input_terms_.insert(model.input_terms_.end(), terms[i].begin(), terms[i].end());
  }

  // Signal-level sort of outputs (Kahn). To call each component as few times as possible, a
  // component whose remaining outputs are all ready is emitted whole first; only when none is,
  // the ready outputs of one component are emitted and the component is called again later.
  const std::vector<int>& owner = model.output_owner_;
  std::vector<std::vector<int>> successors(model.output_size_);
  std::vector<std::vector<int>> predecessors(model.output_size_);
  std::vector<int> indegree(model.output_size_, 0);
  for (int c = 0; c < n; ++c) {
    const Component& component = *model.components_[c];
    const ComponentLayout& l = model.layouts_[c];
    for (int o = 0; o < l.output_count; ++o) {
      for (int i = 0; i < l.input_count; ++i) {
        if (!component.output_depends_on_input(o, i)) continue;
        const int global_input = l.input_offset + i;
        for (int t = model.input_term_start_[global_input];
             t < model.input_term_start_[global_input + 1]; ++t) {
          const int source = model.input_terms_[t];
          if (source < 0) continue;  // external: known before evaluation
          successors[source].push_back(l.output_offset + o);
          predecessors[l.output_offset + o].push_back(source);
          ++indegree[l.output_offset + o];
        }
      }
    }
  }
  // Outputs of role-B ports (flows), preferred as tear variables of algebraic loops.
  std::vector<char> flow_output(model.output_size_, 0);
  for (int c = 0; c < n; ++c) {
    for (const PortSpec& port : model.components_[c]->ports()) {
      if (port.role != PortRole::B || port.kind == PortKind::Signal) continue;
      for (int o : port.output_index) {
        if (o >= 0) flow_output[model.layouts_[c].output_offset + o] = 1;
      }
    }
  }
  std::vector<int> order;
  std::vector<char> emitted(model.output_size_, 0);
  // Torn outputs (algebraic loops being solved): known to their consumers as an iteration variable
  // from the moment they are torn, computed for real when their owner is called later.
  std::vector<char> torn(model.output_size_, 0);
  struct Tear {
    int output;
    int sequence_begin;  // first call that may read the torn value
    int sequence_end = -1;  // one past the call that computes it
  };
  std::vector<Tear> tears;
  std::vector<int> remaining(n);
  for (int c = 0; c < n; ++c) remaining[c] = model.layouts_[c].output_count;
  auto emit_ready_outputs_of = [&](int c) {
    const ComponentLayout& l = model.layouts_[c];
    const std::size_t first_new = order.size();
    if (model.output_sequence_.empty() || model.output_sequence_.back() != c) {
      model.output_sequence_.push_back(c);
      model.sequence_output_start_.push_back(static_cast<int>(model.sequence_outputs_.size()));
    }
    const int call = static_cast<int>(model.output_sequence_.size()) - 1;
    // Emitting an output may make a later output of the same component ready: repeat.
    for (bool progress = true; progress;) {
      progress = false;
      for (int o = l.output_offset; o < l.output_offset + l.output_count; ++o) {
        if (emitted[o] || indegree[o] != 0) continue;
        emitted[o] = 1;
        progress = true;
        --remaining[c];
        order.push_back(o);
        if (torn[o]) {
          // Its consumers were released when it was torn.
          for (Tear& tear : tears) {
            if (tear.output == o) tear.sequence_end = call + 1;
          }
        } else {
          for (int next : successors[o]) --indegree[next];
        }
      }
    }
    model.sequence_outputs_.insert(model.sequence_outputs_.end(), order.begin() + first_new, order.end());
  };
  auto available = [&](int o) { return emitted[o] != 0 || torn[o] != 0; };
  auto all_remaining_ready = [&](int c) {
    const ComponentLayout& l = model.layouts_[c];
    for (int o = l.output_offset; o < l.output_offset + l.output_count; ++o) {
      if (!emitted[o] && indegree[o] != 0) {
        // Ready later in this same call if it only waits for outputs of c itself.
        for (int p : predecessors[o]) {
          if (!available(p) && owner[p] != c) return false;
        }
      }
    }
    return true;
  };
  // One cycle among the outputs not emitted yet, as a path of outputs (each the predecessor of
  // the one before it), found by walking predecessors from an unsorted output until a repeat.
  auto find_cycle = [&]() {
    int start = 0;
    while (emitted[start]) ++start;
    std::vector<int> path;
    std::vector<int> position(model.output_size_, -1);
    int node = start;
    while (position[node] < 0) {
      position[node] = static_cast<int>(path.size());
      path.push_back(node);
      int next = -1;
      for (int p : predecessors[node]) {
        if (!available(p)) next = p;
      }
      node = next;
    }
    std::vector<int> cycle(path.begin() + position[node], path.end());
    std::reverse(cycle.begin(), cycle.end());  // in the direction signals flow
    return cycle;
  };
  for (;;) {
    int whole = -1, partial = -1;
    for (int c = 0; c < n && whole < 0; ++c) {
      if (remaining[c] == 0) continue;
      const ComponentLayout& l = model.layouts_[c];
      bool any_ready = false;
      for (int o = l.output_offset; o < l.output_offset + l.output_count; ++o) {
        any_ready = any_ready || (!emitted[o] && indegree[o] == 0);
      }
      if (!any_ready) continue;
      if (all_remaining_ready(c)) whole = c;
      if (partial < 0) partial = c;
    }
    const int pick = whole >= 0 ? whole : partial;
    if (pick >= 0) {
      emit_ready_outputs_of(pick);
      continue;
    }
    if (static_cast<int>(order.size()) == model.output_size_) break;
    // Stuck: the outputs left contain at least one cycle.
    const std::vector<int> cycle = find_cycle();
    if (!solve_algebraic_loops_) {
      std::vector<std::string> names;
      for (int o : cycle) names.push_back(model.output_name(o));
      names.push_back(names.front());
      throw InputError("algebraic loop: " + join(names, " -> ") +
                       ". Break it with a component that has a state (e.g. a capacitance or a "
                       "filter), declare per-output feedthrough where an output does not "
                       "really depend on an input, or let the engine solve it "
                       "('algebraic_loops: solve' in the scenario)");
    }
    // Tear the loop at a flow (an output of a role-B port: current, heat flow, torque), for which
    // zero, the first guess, is a physical value (a zero voltage or temperature may not be);
    // among those, at the one that feeds the most consumers (fewer tears where loops share
    // signals). Its value becomes an iteration variable, solved by Newton's method at every
    // evaluation (ModelSystem).
    const auto preference = [&](int o) {
      return 1000000 * static_cast<int>(flow_output[o]) + static_cast<int>(successors[o].size());
    };
    int tear = cycle.front();
    for (int o : cycle) {
      if (preference(o) > preference(tear)) tear = o;
    }
    torn[tear] = 1;
    for (int next : successors[tear]) --indegree[next];
    tears.push_back({tear, static_cast<int>(model.output_sequence_.size())});
  }
  model.sequence_output_start_.push_back(static_cast<int>(model.sequence_outputs_.size()));
  // Loops whose spans of calls overlap are solved together.
  std::sort(tears.begin(), tears.end(),
            [](const Tear& a, const Tear& b) { return a.sequence_begin < b.sequence_begin; });
  for (const Tear& tear : tears) {
    ETSIM_DEMAND(tear.sequence_end > tear.sequence_begin, "torn output never computed");
    if (!model.algebraic_loops_.empty() &&
        tear.sequence_begin < model.algebraic_loops_.back().sequence_end) {
      AlgebraicLoop& loop = model.algebraic_loops_.back();
      loop.sequence_end = std::max(loop.sequence_end, tear.sequence_end);
      loop.tear_outputs.push_back(tear.output);
    } else {
      model.algebraic_loops_.push_back({tear.sequence_begin, tear.sequence_end, {tear.output}});
    }
  }

  // Sample groups.
  for (int c = 0; c < n; ++c) {
    const Component& component = *model.components_[c];
    if (component.sample_period() <= 0.0 || component.discrete_states().empty()) continue;
    bool placed = false;
    for (SampleGroup& group : model.sample_groups_) {
      if (group.period == component.sample_period() && group.offset == component.sample_offset()) {
        group.components.push_back(c);
        placed = true;
      }
    }
    if (!placed) {
      model.sample_groups_.push_back({component.sample_period(), component.sample_offset(), {c}});
    }
  }

  // Initial values, scales.
  model.explicit_states_ = std::shared_ptr<bool[]>(new bool[std::max(1, model.state_size_)]());
  bool any_explicit = false;
  for (int c = 0; c < n; ++c) {
    const Component& component = *model.components_[c];
    for (const StateSpec& state : component.states()) {
      model.explicit_states_[model.initial_state_.size()] = state.explicit_part;
      any_explicit = any_explicit || state.explicit_part;
      model.initial_state_.push_back(state.initial);
      model.state_nominal_.push_back(state.nominal);
      model.state_abstol_.push_back(state.absolute_tolerance);
    }
    for (const DiscreteStateSpec& state : component.discrete_states()) {
      model.initial_discrete_.push_back(state.initial);
    }
  }
  if (!any_explicit) model.explicit_states_.reset();

  // Jacobian pattern: the states each output depends on, in evaluation order, then the states each
  // component's derivatives depend on (own states plus everything behind its inputs).
  std::vector<std::vector<int>> output_states(model.output_size_);
  auto own_states = [&](int c) {
    std::vector<int> states(model.layouts_[c].state_count);
    for (int s = 0; s < model.layouts_[c].state_count; ++s) {
      states[s] = model.layouts_[c].state_offset + s;
    }
    return states;
  };
  // With algebraic loops a consumer of a torn output comes before it in the order: repeat until
  // nothing changes (once without loops).
  for (bool changed = true; changed;) {
    changed = false;
    for (int o : order) {
      std::vector<int> states = own_states(owner[o]);
      for (int p : predecessors[o]) states = merge_sorted(states, output_states[p]);
      if (states != output_states[o]) {
        output_states[o] = std::move(states);
        changed = !model.algebraic_loops_.empty();
      }
    }
  }
  std::vector<std::vector<int>> columns(model.state_size_);
  for (int c = 0; c < n; ++c) {
    const ComponentLayout& l = model.layouts_[c];
    std::vector<int> depends = own_states(c);
    for (int i = 0; i < l.input_count; ++i) {
      const int global_input = l.input_offset + i;
      for (int t = model.input_term_start_[global_input];
           t < model.input_term_start_[global_input + 1]; ++t) {
        if (model.input_terms_[t] >= 0) {
          depends = merge_sorted(depends, output_states[model.input_terms_[t]]);
        }
      }
    }
    for (int row = l.state_offset; row < l.state_offset + l.state_count; ++row) {
      for (int column : depends) columns[column].push_back(row);
    }
  }
  SparsityPattern& pattern = model.jacobian_pattern_;
  pattern.size = model.state_size_;
  pattern.column_start.assign(model.state_size_ + 1, 0);
  for (int j = 0; j < model.state_size_; ++j) {
    std::sort(columns[j].begin(), columns[j].end());
    pattern.column_start[j + 1] = pattern.column_start[j] + static_cast<int>(columns[j].size());
    pattern.row_index.insert(pattern.row_index.end(), columns[j].begin(), columns[j].end());
  }
  return model;
}

}  // namespace etsim
