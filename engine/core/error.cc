#include "engine/core/error.h"

namespace etsim {

std::string SourceLocation::to_string() const {
  std::string text = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    text.append(":").append(std::to_string(line));
    if (column > 0) text.append(":").append(std::to_string(column));
  }
  return text;
}

InputError::InputError(SourceLocation where, const std::string& message)
    : Error(where.to_string() + ": " + message), where_(std::move(where)), detail_(message) {}

void throw_error(const std::string& message) { throw Error(message); }

}  // namespace etsim
