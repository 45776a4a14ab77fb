// Error types thrown at etsim's API boundaries.
//
// Three tiers (after Drake's drake_assert.h):
//  - ETSIM_ASSERT: debug-only internal consistency checks (compiled out in Release);
//  - ETSIM_DEMAND: always-on checks of preconditions a caller can violate, throw etsim::Error;
//  - typed exceptions at the API boundary (InputError for bad user input with its location,
//    SolverFailure for a numerical failure with time, state and component).
#pragma once

#include <stdexcept>
#include <string>

namespace etsim {

// Base of every etsim exception. what() is a one-line message fit for a CLI error line.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a piece of user input came from: file, line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;  // "file:line:column" (parts that are unknown are left out)
};

// Bad user input (scenario, parameter, unit, command line). The message names the location and the
// expected form, e.g. "heat.yaml:12:5: unknown key 'resistanse' (did you mean 'resistance'?)".
class InputError : public Error {
 public:
  InputError(SourceLocation where, const std::string& message);
  explicit InputError(const std::string& message) : Error(message) {}
  const SourceLocation& where() const { return where_; }
  const std::string& detail() const { return detail_; }

 private:
  SourceLocation where_;
  std::string detail_;
};

// A numerical failure while integrating. Solvers know only indices; the executive fills in names.
class SolverFailure : public Error {
 public:
  SolverFailure(double time, int state_index, const std::string& message)
      : Error(message), time_(time), state_index_(state_index) {}
  double time() const { return time_; }
  int state_index() const { return state_index_; }  // -1 when no single state is to blame

 private:
  double time_;
  int state_index_;
};

[[noreturn]] void throw_error(const std::string& message);

}  // namespace etsim

#define ETSIM_DEMAND(condition, message)                                                         \
  do {                                                                                           \
    if (!(condition)) ::etsim::throw_error(std::string(message) + " [" #condition "]");         \
  } while (false)

#ifdef NDEBUG
#define ETSIM_ASSERT(condition) ((void)0)
#else
#include <cassert>
#define ETSIM_ASSERT(condition) assert(condition)
#endif
