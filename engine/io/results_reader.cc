#include "engine/io/results_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"
#include "engine/core/text.h"
#include "engine/io/hdf5_file.h"

namespace etsim::io {
namespace {

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

hdf5::File open_results_file(const std::string& path) {
  hdf5::File file = hdf5::File::open(path, hdf5::File::Access::kReadOnly);
  if (!file.has_link("time")) {
    throw Error("results file " + in_quotes(path) + " has no /time dataset; expected a file written by etsim run");
  }
  return file;
}

// Attributes of a group sorted into texts and numbers; anything else (arrays, compounds) is skipped.
void read_attributes(const hdf5::Object& object, std::map<std::string, std::string>* texts,
                     std::map<std::string, double>* numbers) {
  for (const std::string& name : object.attribute_names()) {
    if (object.attribute_is_string(name)) {
      if (texts != nullptr) (*texts)[name] = object.string_attribute(name);
      continue;
    }
    try {
      (*numbers)[name] = object.double_attribute(name);
    } catch (const Error&) {
      // Not a scalar number: not part of the etsim layout; ignore rather than refuse the file.
    }
  }
}

// Counters print as integers, other numbers with 6 significant digits.
std::string format_number(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{:.6g}", value);
}

void append_indented(std::string* out, const std::string& text) {
  if (text.empty()) {
    *out += "  (empty)\n";
    return;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    *out += "  " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
}

}  // namespace

std::string ResultsInfo::status() const {
  const auto found = meta_text.find("status");
  return found == meta_text.end() ? std::string() : found->second;
}

ResultsInfo read_results_info(const std::string& path) {
  try {
    ResultsInfo info;
    info.path = path;
    hdf5::File file = open_results_file(path);
    {
      hdf5::Dataset time = file.open_dataset("time");
      info.samples = time.length();
      if (info.samples > 0) {
        time.read(0, 1, &info.start_time);
        time.read(info.samples - 1, 1, &info.end_time);
      }
    }
    if (file.is_group("signals")) {
      hdf5::Group signals = file.open_group("signals");
      for (const std::string& component_name : signals.link_names()) {
        if (!signals.is_group(component_name)) continue;
        hdf5::Group component = signals.open_group(component_name);
        for (const std::string& signal_name : component.link_names()) {
          if (component.is_group(signal_name)) continue;
          hdf5::Dataset dataset = component.open_dataset(signal_name);
          ResultsSignalInfo signal;
          signal.component = component_name;
          signal.signal = signal_name;
          if (dataset.has_attribute("units")) signal.units = dataset.string_attribute("units");
          if (dataset.has_attribute("description")) signal.description = dataset.string_attribute("description");
          signal.samples = dataset.length();
          info.signals.push_back(std::move(signal));
        }
      }
    }
    if (file.is_group("meta")) {
      hdf5::Group meta = file.open_group("meta");
      read_attributes(meta, &info.meta_text, &info.meta_numbers);
      if (meta.is_group("statistics")) {
        hdf5::Group statistics = meta.open_group("statistics");
        std::map<std::string, double> totals;
        read_attributes(statistics, nullptr, &totals);
        if (!totals.empty()) info.statistics[""] = std::move(totals);
        for (const std::string& subsystem : statistics.link_names()) {
          if (!statistics.is_group(subsystem)) continue;
          std::map<std::string, double> counters;
          read_attributes(statistics.open_group(subsystem), nullptr, &counters);
          info.statistics[subsystem] = std::move(counters);
        }
      }
    }
    file.close();
    return info;
  } catch (const Error& error) {
    const std::string message = error.what();
    if (message.rfind("results file", 0) == 0) throw;
    throw Error("results file " + in_quotes(path) + ": " + message);
  }
}

std::string format_results_info(const ResultsInfo& info) {
  std::string out;
  out += fmt::format("etsim results file: {}\n", info.path);
  const auto text = [&](const std::string& name) {
    const auto found = info.meta_text.find(name);
    return found == info.meta_text.end() ? std::string("(not recorded)") : found->second;
  };
  const auto number = [&](const std::string& name) {
    const auto found = info.meta_numbers.find(name);
    return found == info.meta_numbers.end() ? std::string("(not recorded)") : format_number(found->second);
  };
  out += fmt::format("status:          {}\n", text("status"));
  if (info.samples > 0) {
    out += fmt::format("samples:         {} (time {} s .. {} s)\n", info.samples, format_number(info.start_time),
                       format_number(info.end_time));
  } else {
    out += "samples:         0\n";
  }
  out += fmt::format("simulated time:  {} s\n", number("simulated_time"));
  out += fmt::format("wall time:       {} s\n", number("wall_time"));
  out += fmt::format("start time:      {}\n", text("start_time"));
  out += fmt::format("engine version:  {}\n", text("engine_version"));

  // Any further meta entries (set by the executive), one line each.
  static const char* const kShown[] = {"status", "start_time", "engine_version", "scenario", "solver", "format"};
  for (const auto& [name, value] : info.meta_text) {
    if (std::find(std::begin(kShown), std::end(kShown), name) != std::end(kShown)) continue;
    out += fmt::format("{}: {}\n", name, value);
  }
  for (const auto& [name, value] : info.meta_numbers) {
    if (name == "wall_time" || name == "simulated_time") continue;
    out += fmt::format("{}: {}\n", name, format_number(value));
  }

  if (!info.statistics.empty()) {
    out += "statistics:\n";
    for (const auto& [subsystem, counters] : info.statistics) {
      std::string line = "  " + (subsystem.empty() ? std::string("(whole run)") : subsystem) + ":";
      for (const auto& [name, value] : counters) line += " " + name + "=" + format_number(value);
      out += line + "\n";
    }
  }

  out += fmt::format("signals ({}):\n", info.signals.size());
  std::size_t name_width = 0;
  std::size_t units_width = 0;
  for (const ResultsSignalInfo& signal : info.signals) {
    name_width = std::max(name_width, signal.component.size() + 1 + signal.signal.size());
    units_width = std::max(units_width, signal.units.size() + 2);
  }
  for (const ResultsSignalInfo& signal : info.signals) {
    std::string line = fmt::format("  {:<{}}  {:<{}}  {}", signal.component + "/" + signal.signal, name_width,
                                   "[" + signal.units + "]", units_width, signal.description);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (signal.samples != info.samples) {
      line += fmt::format("  (WARNING: {} samples, /time has {})", signal.samples, info.samples);
    }
    out += line + "\n";
  }
  out += "solver:\n";
  append_indented(&out, text("solver"));
  out += "scenario:\n";
  append_indented(&out, text("scenario"));
  return out;
}

std::vector<double> read_results_time(const std::string& path) {
  try {
    hdf5::File file = open_results_file(path);
    std::vector<double> values = file.open_dataset("time").read_all();
    file.close();
    return values;
  } catch (const Error& error) {
    const std::string message = error.what();
    if (message.rfind("results file", 0) == 0) throw;
    throw Error("results file " + in_quotes(path) + ": " + message);
  }
}

std::vector<double> read_results_signal(const std::string& path, const std::string& component,
                                        const std::string& signal) {
  std::vector<double> values;
  try {
    hdf5::File file = open_results_file(path);
    const std::string name = "signals/" + component + "/" + signal;
    if (component.empty() || signal.empty() || !file.has_link(name)) {
      std::vector<std::string> candidates;
      for (const ResultsSignalInfo& known : read_results_info(path).signals) {
        candidates.push_back(known.component + "/" + known.signal);
      }
      throw Error("results file " + in_quotes(path) + " has no signal " + in_quotes(component + "/" + signal) +
                  text::did_you_mean(component + "/" + signal, candidates) +
                  "; expected <component>/<signal> as listed by etsim info");
    }
    values = file.open_dataset(name).read_all();
    file.close();
  } catch (const Error& error) {
    const std::string message = error.what();
    if (message.rfind("results file", 0) == 0) throw;
    throw Error("results file " + in_quotes(path) + ": " + message);
  }
  return values;
}

}  // namespace etsim::io
