// Which signals a run records: component outputs and continuous states, chosen by glob patterns
// "component/signal" ("*" and "?" wildcards), possibly across several subsystems of a
// co-simulation. Selection happens once; gather() copies current values without allocating.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/framework/model.h"

namespace etsim {

struct SubsystemView {
  const Model* model = nullptr;
  const RunData* data = nullptr;
};

struct SelectedSignal {
  std::string component;
  std::string signal;  // output name, or state name
  std::string unit;
  std::string description;
  int subsystem = 0;
  bool is_state = false;
  int index = 0;  // global output or state index within its subsystem's model
};

bool glob_match(std::string_view pattern, std::string_view text);

class SignalSelection {
 public:
  // Every output and state matching any pattern (a pattern that matches nothing is an
  // InputError naming it). A signal present in several subsystems (cannot happen: names are
  // unique) is listed once.
  SignalSelection(std::span<const SubsystemView> subsystems, const std::vector<std::string>& patterns);

  const std::vector<SelectedSignal>& signals() const { return signals_; }
  std::size_t size() const { return signals_.size(); }
  // values[size()] from the subsystems' current run data.
  void gather(std::span<const SubsystemView> subsystems, double* values) const;

 private:
  std::vector<SelectedSignal> signals_;
};

}  // namespace etsim
