#include "engine/exec/signal_selection.h"

#include "engine/core/error.h"

namespace etsim {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with backtracking on the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

SignalSelection::SignalSelection(std::span<const SubsystemView> subsystems,
                                 const std::vector<std::string>& patterns) {
  std::vector<char> pattern_used(patterns.size(), 0);
  auto matches = [&](const std::string& path) {
    bool any = false;
    for (std::size_t k = 0; k < patterns.size(); ++k) {
      // "*" alone selects everything; a pattern without '/' matches whole components.
      const std::string& pattern = patterns[k];
      const bool hit = pattern.find('/') == std::string::npos
                           ? glob_match(pattern, path.substr(0, path.find('/'))) ||
                                 glob_match(pattern, path)
                           : glob_match(pattern, path);
      if (hit) {
        pattern_used[k] = 1;
        any = true;
      }
    }
    return any;
  };
  for (std::size_t s = 0; s < subsystems.size(); ++s) {
    const Model& model = *subsystems[s].model;
    for (int c = 0; c < model.component_count(); ++c) {
      const Component& component = model.component(c);
      const ComponentLayout& layout = model.layout(c);
      for (int i = 0; i < layout.state_count; ++i) {
        const StateSpec& state = component.states()[i];
        if (!matches(component.name() + "/" + state.name)) continue;
        signals_.push_back({component.name(), state.name, state.unit, state.description,
                            static_cast<int>(s), true, layout.state_offset + i});
      }
      for (int i = 0; i < layout.output_count; ++i) {
        const SignalSpec& output = component.outputs()[i];
        if (!matches(component.name() + "/" + output.name)) continue;
        // A state and an output of the same name: the output wins (it is what the user sees).
        bool duplicate = false;
        for (SelectedSignal& existing : signals_) {
          if (existing.subsystem == static_cast<int>(s) && existing.component == component.name() &&
              existing.signal == output.name) {
            existing = {component.name(), output.name, output.unit, output.description,
                        static_cast<int>(s), false, layout.output_offset + i};
            duplicate = true;
          }
        }
        if (!duplicate) {
          signals_.push_back({component.name(), output.name, output.unit, output.description,
                              static_cast<int>(s), false, layout.output_offset + i});
        }
      }
    }
  }
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    if (!pattern_used[k]) {
      throw InputError("output pattern '" + patterns[k] +
                       "' matches no signal (patterns are 'component/signal' with * and ?)");
    }
  }
}

void SignalSelection::gather(std::span<const SubsystemView> subsystems, double* values) const {
  for (std::size_t k = 0; k < signals_.size(); ++k) {
    const SelectedSignal& signal = signals_[k];
    const RunData& data = *subsystems[signal.subsystem].data;
    values[k] = signal.is_state ? data.x[signal.index] : data.y[signal.index];
  }
}

}  // namespace etsim
