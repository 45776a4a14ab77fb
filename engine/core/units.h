// Physical units: parse unit strings and quantities such as "-7 degC", "250 kW", "3.2 mOhm",
// "120 L/min", "0.065 K/W", "90bar", "300 kJ/kg" and convert them to SI once, at load time.
// Inside the engine every number is an SI double; nothing here runs while stepping.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace etsim::units {

// Exponents of the seven SI base units: m, kg, s, A, K, mol, cd.
struct Dimension {
  std::array<std::int8_t, 7> exponent{};
  bool operator==(const Dimension&) const = default;
  bool is_dimensionless() const { return *this == Dimension{}; }
  std::string to_string() const;  // e.g. "kg*m^2*s^-3" ("1" when dimensionless)
};

// value_SI = scale * value_in_unit + offset. offset is non-zero only for absolute temperatures
// (degC, degF); a compound unit containing degC (e.g. "J/(kg*degC)") treats it as a difference (offset 0).
struct Unit {
  double scale = 1.0;
  double offset = 0.0;
  Dimension dimension;
  double to_si(double value) const { return scale * value + offset; }
  double from_si(double value) const { return (value - offset) / scale; }
};

// Parses a unit expression: products with '*' or '.', quotients with '/', powers with '^' or a digit
// suffix ("m3", "s^-1"), parentheses, SI prefixes, and the named units listed in docs/scenario-format.md.
// "" and "1" are dimensionless. Throws etsim::InputError naming the text and what was expected.
Unit parse_unit(std::string_view text);

struct Quantity {
  double value = 0.0;  // in SI units
  Dimension dimension;
};

// Parses "<number> [unit]", with or without a space ("90bar", "-7 degC", "1e-3 m^3/s").
Quantity parse_quantity(std::string_view text);

// Parses text and converts to SI, checking that its dimension matches expected_unit (itself a unit
// string such as "W" or "K"). A bare number is taken as being in expected_unit. Throws InputError
// naming the text, what it means and the expected unit, e.g. "'3 kg' is a mass, expected a power (W)".
double to_si(std::string_view text, std::string_view expected_unit);

// True when the two unit strings have the same dimension.
bool compatible(std::string_view unit_a, std::string_view unit_b);

// A short human name of a dimension when it has one ("power", "temperature", "thermal resistance").
std::string describe(const Dimension& dimension);

}  // namespace etsim::units
