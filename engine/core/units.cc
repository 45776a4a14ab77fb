// Unit expression parser: a small recursive-descent parser over the grammar
//   expression := term { ('*' | '.' | '/' | <space>) term }      (left to right: a/b/c = a/(b*c))
//   term       := factor [ '^' integer | digits | '²' | '³' ]
//   factor     := '(' expression ')' | '1' | symbol
//   symbol     := [prefix] named-unit
// Every named unit is a scale, an offset (absolute temperatures only) and a Dimension. Conversion
// factors are exact definitions (SI Brochure 9th ed. 2019; NIST SP 811 2008 appendix B for psi and
// mph; ISO 80000-3 for rpm) and are listed in docs/scenario-format.md.
#include "engine/core/units.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <optional>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/text.h"

namespace etsim::units {
namespace {

// Index of each base unit in Dimension::exponent.
enum Base { kMetre = 0, kKilogram = 1, kSecond = 2, kAmpere = 3, kKelvin = 4, kMole = 5, kCandela = 6 };

Dimension make_dimension(int m, int kg, int s, int a = 0, int k = 0, int mol = 0, int cd = 0) {
  Dimension d;
  d.exponent = {static_cast<std::int8_t>(m),  static_cast<std::int8_t>(kg),
                static_cast<std::int8_t>(s),  static_cast<std::int8_t>(a),
                static_cast<std::int8_t>(k),  static_cast<std::int8_t>(mol),
                static_cast<std::int8_t>(cd)};
  return d;
}

struct NamedUnit {
  const char* name;
  double scale;
  double offset;
  Dimension dimension;
  bool takes_prefix;
};

const std::vector<NamedUnit>& named_units() {
  static const std::vector<NamedUnit> units = [] {
    const double pi = std::numbers::pi;
    const Dimension none;
    const Dimension length = make_dimension(1, 0, 0);
    const Dimension mass = make_dimension(0, 1, 0);
    const Dimension time = make_dimension(0, 0, 1);
    const Dimension current = make_dimension(0, 0, 0, 1);
    const Dimension temperature = make_dimension(0, 0, 0, 0, 1);
    const Dimension force = make_dimension(1, 1, -2);
    const Dimension energy = make_dimension(2, 1, -2);
    const Dimension power = make_dimension(2, 1, -3);
    const Dimension pressure = make_dimension(-1, 1, -2);
    const Dimension voltage = make_dimension(2, 1, -3, -1);
    const Dimension resistance = make_dimension(2, 1, -3, -2);
    const Dimension charge = make_dimension(0, 0, 1, 1);
    const Dimension frequency = make_dimension(0, 0, -1);
    const Dimension volume = make_dimension(3, 0, 0);
    const Dimension speed = make_dimension(1, 0, -1);
    // psi = lbf / in^2 = 4.4482216152605 N / (0.0254 m)^2 (NIST SP 811, B.8).
    const double psi = 4.4482216152605 / (0.0254 * 0.0254);
    return std::vector<NamedUnit>{
        // SI base units (the kilogram enters as the gram so that prefixes apply to "g").
        {"m", 1.0, 0.0, length, true},
        {"g", 1e-3, 0.0, mass, true},
        {"s", 1.0, 0.0, time, true},
        {"A", 1.0, 0.0, current, true},
        {"K", 1.0, 0.0, temperature, true},
        {"mol", 1.0, 0.0, make_dimension(0, 0, 0, 0, 0, 1), true},
        {"cd", 1.0, 0.0, make_dimension(0, 0, 0, 0, 0, 0, 1), true},
        // SI derived units with special names.
        {"N", 1.0, 0.0, force, true},
        {"J", 1.0, 0.0, energy, true},
        {"W", 1.0, 0.0, power, true},
        {"Pa", 1.0, 0.0, pressure, true},
        {"V", 1.0, 0.0, voltage, true},
        {"Ohm", 1.0, 0.0, resistance, true},
        {"ohm", 1.0, 0.0, resistance, true},
        {"\xCE\xA9", 1.0, 0.0, resistance, true},      // Ω (Greek capital omega)
        {"\xE2\x84\xA6", 1.0, 0.0, resistance, true},  // Ω (ohm sign)
        {"S", 1.0, 0.0, make_dimension(-2, -1, 3, 2), true},
        {"F", 1.0, 0.0, make_dimension(-2, -1, 4, 2), true},
        {"H", 1.0, 0.0, make_dimension(2, 1, -2, -2), true},
        {"Wb", 1.0, 0.0, make_dimension(2, 1, -2, -1), true},
        {"T", 1.0, 0.0, make_dimension(0, 1, -2, -1), true},
        {"Hz", 1.0, 0.0, frequency, true},
        {"C", 1.0, 0.0, charge, true},
        // Accepted non-SI units and common engineering units.
        {"L", 1e-3, 0.0, volume, true},
        {"l", 1e-3, 0.0, volume, true},
        {"bar", 1e5, 0.0, pressure, true},
        {"atm", 101325.0, 0.0, pressure, false},
        {"psi", psi, 0.0, pressure, false},
        {"min", 60.0, 0.0, time, false},
        {"h", 3600.0, 0.0, time, false},
        {"hr", 3600.0, 0.0, time, false},
        {"rpm", 2.0 * pi / 60.0, 0.0, frequency, false},
        {"rad", 1.0, 0.0, none, true},
        {"deg", pi / 180.0, 0.0, none, false},
        {"\xC2\xB0", pi / 180.0, 0.0, none, false},  // °
        {"degC", 1.0, 273.15, temperature, false},
        {"\xC2\xB0" "C", 1.0, 273.15, temperature, false},  // °C
        {"degF", 5.0 / 9.0, 273.15 - 32.0 * 5.0 / 9.0, temperature, false},
        {"\xC2\xB0" "F", 5.0 / 9.0, 273.15 - 32.0 * 5.0 / 9.0, temperature, false},  // °F
        {"%", 0.01, 0.0, none, false},
        {"percent", 0.01, 0.0, none, false},
        {"Wh", 3600.0, 0.0, energy, true},
        {"Ah", 3600.0, 0.0, charge, true},
        {"kph", 1000.0 / 3600.0, 0.0, speed, false},
        {"mph", 1609.344 / 3600.0, 0.0, speed, false},
        {"Nm", 1.0, 0.0, energy, true},
    };
  }();
  return units;
}

struct Prefix {
  const char* symbol;
  double factor;
};

// Longest symbols first so that the two-byte micro signs are tried before one-byte prefixes.
constexpr Prefix kPrefixes[] = {
    {"\xC2\xB5", 1e-6},  // µ (micro sign)
    {"\xCE\xBC", 1e-6},  // μ (Greek mu)
    {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3}, {"c", 1e-2},
    {"d", 1e-1},  {"k", 1e3},  {"M", 1e6},  {"G", 1e9},
};

const NamedUnit* find_named(std::string_view name) {
  for (const NamedUnit& unit : named_units()) {
    if (name == unit.name) return &unit;
  }
  return nullptr;
}

const std::vector<std::string>& suggestion_candidates() {
  static const std::vector<std::string> candidates = [] {
    std::vector<std::string> names;
    for (const NamedUnit& unit : named_units()) names.emplace_back(unit.name);
    for (const Prefix& prefix : kPrefixes) {
      for (const NamedUnit& unit : named_units()) {
        if (unit.takes_prefix) names.push_back(std::string(prefix.symbol) + unit.name);
      }
    }
    return names;
  }();
  return candidates;
}

constexpr const char* kExpectedForm =
    "expected a unit expression such as 'kW', 'mOhm', 'J/(kg*K)', 'L/min' or 'm^3/h'";

bool is_symbol_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '%' || byte >= 0x80;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Superscript two and three in UTF-8: C2 B2, C2 B3.
int superscript_at(std::string_view text, std::size_t pos) {
  if (pos + 1 < text.size() && static_cast<unsigned char>(text[pos]) == 0xC2) {
    const auto next = static_cast<unsigned char>(text[pos + 1]);
    if (next == 0xB2) return 2;
    if (next == 0xB3) return 3;
  }
  return 0;
}

// A parsed sub-expression. single_symbol stays true only for a lone named unit with exponent 1,
// the one case in which an absolute-temperature offset is kept.
struct Parsed {
  Unit unit;
  bool single_symbol = false;
};

class UnitParser {
 public:
  explicit UnitParser(std::string_view text) : text_(text) {}

  Unit parse() {
    skip_spaces();
    if (pos_ == text_.size()) return Unit{};  // "" is dimensionless
    Parsed result = expression(0);
    skip_spaces();
    if (pos_ != text_.size()) {
      if (text_[pos_] == ')') fail("unbalanced ')'");
      fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    }
    if (!result.single_symbol) result.unit.offset = 0.0;
    if (!std::isfinite(result.unit.scale) || result.unit.scale == 0.0) {
      fail("scale factor out of range");
    }
    return result.unit;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError("bad unit '" + std::string(text_) + "': " + what + " at character " +
                     std::to_string(pos_ + 1) + "; " + kExpectedForm);
  }

  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  static void combine(Unit& into, const Unit& factor, int sign) {
    into.scale = sign > 0 ? into.scale * factor.scale : into.scale / factor.scale;
    into.offset = 0.0;
    for (std::size_t i = 0; i < into.dimension.exponent.size(); ++i) {
      const int exponent = into.dimension.exponent[i] + sign * factor.dimension.exponent[i];
      into.dimension.exponent[i] = static_cast<std::int8_t>(exponent);
    }
  }

  // Keeps every exponent well inside the int8 range of Dimension.
  void check_exponents(const int (&wide)[7]) const {
    for (int value : wide) {
      if (value > 100 || value < -100) fail("exponent out of range");
    }
  }

  Parsed expression(int depth) {
    if (depth > 32) fail("parentheses nested too deeply");
    Parsed result = term(depth);
    int wide[7];
    for (;;) {
      skip_spaces();
      if (pos_ >= text_.size() || text_[pos_] == ')') break;
      int sign = +1;
      const char c = text_[pos_];
      if (c == '*' || c == '.' || c == '/') {
        sign = c == '/' ? -1 : +1;
        ++pos_;
        skip_spaces();
        if (pos_ >= text_.size()) fail("missing unit after '" + std::string(1, c) + "'");
      } else if (!(is_symbol_byte(c) || c == '(' || c == '1')) {
        fail("unexpected '" + std::string(1, c) + "'");
      }  // else: juxtaposition ("N m") is a product
      const Parsed next = term(depth);
      for (int i = 0; i < 7; ++i) {
        wide[i] = result.unit.dimension.exponent[i] + sign * next.unit.dimension.exponent[i];
      }
      check_exponents(wide);
      combine(result.unit, next.unit, sign);
      result.single_symbol = false;
    }
    return result;
  }

  Parsed term(int depth) {
    Parsed base = factor(depth);
    int exponent = 1;
    bool has_exponent = false;
    if (pos_ < text_.size() && text_[pos_] == '^') {
      ++pos_;
      exponent = integer();
      has_exponent = true;
    } else if (pos_ < text_.size() && is_digit(text_[pos_])) {
      exponent = integer();
      has_exponent = true;
    } else if (const int superscript = superscript_at(text_, pos_); superscript != 0) {
      pos_ += 2;
      exponent = superscript;
      has_exponent = true;
    }
    if (!has_exponent) return base;
    if (exponent == 0) fail("exponent 0");
    int wide[7];
    for (int i = 0; i < 7; ++i) wide[i] = base.unit.dimension.exponent[i] * exponent;
    check_exponents(wide);
    Parsed result;
    result.unit.scale = std::pow(base.unit.scale, exponent);
    for (int i = 0; i < 7; ++i) result.unit.dimension.exponent[i] = static_cast<std::int8_t>(wide[i]);
    result.single_symbol = exponent == 1 && base.single_symbol;
    if (result.single_symbol) result.unit.offset = base.unit.offset;
    return result;
  }

  int integer() {
    const std::size_t start = pos_;
    bool negative = false;
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) {
      negative = text_[pos_] == '-';
      ++pos_;
    }
    const std::size_t digits_start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ == digits_start) {
      pos_ = start;
      fail("expected an integer exponent");
    }
    if (pos_ - digits_start > 3) fail("exponent out of range");
    const int value = std::atoi(std::string(text_.substr(digits_start, pos_ - digits_start)).c_str());
    return negative ? -value : value;
  }

  Parsed factor(int depth) {
    skip_spaces();
    if (pos_ >= text_.size()) fail("missing unit");
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      Parsed inner = expression(depth + 1);
      skip_spaces();
      if (pos_ >= text_.size() || text_[pos_] != ')') fail("missing ')'");
      ++pos_;
      return inner;
    }
    if (c == '1') {
      ++pos_;
      return Parsed{};
    }
    if (!is_symbol_byte(c)) fail("unexpected '" + std::string(1, c) + "'");
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_symbol_byte(text_[pos_]) && superscript_at(text_, pos_) == 0) {
      ++pos_;
    }
    return symbol(text_.substr(start, pos_ - start), start);
  }

  Parsed symbol(std::string_view name, std::size_t start) {
    Parsed result;
    result.single_symbol = true;
    if (const NamedUnit* unit = find_named(name)) {
      result.unit = Unit{unit->scale, unit->offset, unit->dimension};
      return result;
    }
    for (const Prefix& prefix : kPrefixes) {
      const std::string_view symbol_text(prefix.symbol);
      if (name.size() > symbol_text.size() && name.substr(0, symbol_text.size()) == symbol_text) {
        const NamedUnit* unit = find_named(name.substr(symbol_text.size()));
        if (unit != nullptr && unit->takes_prefix) {
          result.unit = Unit{prefix.factor * unit->scale, 0.0, unit->dimension};
          return result;
        }
      }
    }
    pos_ = start;
    throw InputError("unknown unit '" + std::string(name) + "' in '" + std::string(text_) + "'" +
                     text::did_you_mean(name, suggestion_candidates()) + "; " + kExpectedForm);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct NumberAndUnit {
  double number = 0.0;
  std::string_view unit_text;
};

NumberAndUnit split_quantity(std::string_view text) {
  const std::string_view original = text;
  text = trim(text);
  if (text.empty()) {
    throw InputError("empty quantity; expected a number with an optional unit, e.g. '400 V'");
  }
  std::string_view number_text = text;
  if (number_text.front() == '+') number_text.remove_prefix(1);
  double number = 0.0;
  const auto [end, error] =
      std::from_chars(number_text.data(), number_text.data() + number_text.size(), number);
  if (error == std::errc::result_out_of_range) {
    throw InputError("number out of range in '" + std::string(original) + "'");
  }
  if (error != std::errc() || !std::isfinite(number)) {
    throw InputError("bad quantity '" + std::string(original) +
                     "': expected a number with an optional unit, e.g. '400 V', '-7 degC' or "
                     "'1e-3 m^3/s'");
  }
  const std::size_t consumed = static_cast<std::size_t>(end - number_text.data());
  return {number, trim(number_text.substr(consumed))};
}

std::string with_article(const std::string& noun) {
  const char first = noun.empty() ? 'x' : noun.front();
  const bool vowel = first == 'a' || first == 'e' || first == 'i' || first == 'o' || first == 'u';
  return (vowel ? "an " : "a ") + noun;
}

}  // namespace

std::string Dimension::to_string() const {
  // kg first, as engineers write it ("kg*m^2*s^-3").
  static constexpr int kOrder[] = {kKilogram, kMetre, kSecond, kAmpere, kKelvin, kMole, kCandela};
  static constexpr const char* kSymbols[] = {"m", "kg", "s", "A", "K", "mol", "cd"};
  std::string text;
  for (int index : kOrder) {
    const int exponent = this->exponent[index];
    if (exponent == 0) continue;
    if (!text.empty()) text += "*";
    text += kSymbols[index];
    if (exponent != 1) {
      text += '^';
      text += std::to_string(exponent);
    }
  }
  return text.empty() ? "1" : text;
}

Unit parse_unit(std::string_view text) { return UnitParser(text).parse(); }

Quantity parse_quantity(std::string_view text) {
  const NumberAndUnit parts = split_quantity(text);
  Unit unit;
  try {
    unit = parse_unit(parts.unit_text);
  } catch (const InputError& error) {
    throw InputError("in quantity '" + std::string(trim(text)) + "': " + error.what());
  }
  const double value = unit.to_si(parts.number);
  if (!std::isfinite(value)) {
    throw InputError("quantity '" + std::string(trim(text)) + "' is out of range in SI units");
  }
  return Quantity{value, unit.dimension};
}

double to_si(std::string_view text, std::string_view expected_unit) {
  const Unit expected = parse_unit(expected_unit);
  const NumberAndUnit parts = split_quantity(text);
  const std::string shown(trim(text));
  const std::string expected_name =
      with_article(describe(expected.dimension)) + " [" + std::string(trim(expected_unit)) + "]";
  if (parts.unit_text.empty()) {
    // A bare number is in the expected unit.
    return expected.to_si(parts.number);
  }
  Unit given;
  try {
    given = parse_unit(parts.unit_text);
  } catch (const InputError& error) {
    throw InputError("in '" + shown + "' (expected " + expected_name + "): " + error.what());
  }
  if (given.dimension != expected.dimension) {
    throw InputError("'" + shown + "' is " + with_article(describe(given.dimension)) +
                     ", expected " + expected_name);
  }
  const double value = given.to_si(parts.number);
  if (!std::isfinite(value)) {
    throw InputError("'" + shown + "' is out of range in SI units");
  }
  return value;
}

bool compatible(std::string_view unit_a, std::string_view unit_b) {
  return parse_unit(unit_a).dimension == parse_unit(unit_b).dimension;
}

std::string describe(const Dimension& dimension) {
  struct Named {
    Dimension dimension;
    const char* name;
  };
  static const std::vector<Named> names = {
      {make_dimension(0, 0, 0), "dimensionless number"},
      {make_dimension(1, 0, 0), "length"},
      {make_dimension(2, 0, 0), "area"},
      {make_dimension(3, 0, 0), "volume"},
      {make_dimension(0, 1, 0), "mass"},
      {make_dimension(0, 0, 1), "time"},
      {make_dimension(0, 0, 0, 1), "electric current"},
      {make_dimension(0, 0, 0, 0, 1), "temperature"},
      {make_dimension(0, 0, 0, 0, 0, 1), "amount of substance"},
      {make_dimension(0, 0, 0, 0, 0, 0, 1), "luminous intensity"},
      {make_dimension(0, 0, -1), "frequency or angular speed"},
      {make_dimension(1, 0, -1), "velocity"},
      {make_dimension(1, 0, -2), "acceleration"},
      {make_dimension(1, 1, -2), "force"},
      {make_dimension(2, 1, -2), "energy or torque"},
      {make_dimension(2, 1, -3), "power"},
      {make_dimension(-1, 1, -2), "pressure"},
      {make_dimension(2, 1, -3, -1), "voltage"},
      {make_dimension(2, 1, -3, -2), "resistance"},
      {make_dimension(-2, -1, 3, 2), "conductance"},
      {make_dimension(-2, -1, 4, 2), "capacitance"},
      {make_dimension(2, 1, -2, -2), "inductance"},
      {make_dimension(2, 1, -2, -1), "magnetic flux"},
      {make_dimension(0, 1, -2, -1), "magnetic flux density"},
      {make_dimension(0, 0, 1, 1), "electric charge"},
      {make_dimension(-3, 1, 0), "density"},
      {make_dimension(3, 0, -1), "volume flow rate"},
      {make_dimension(0, 1, -1), "mass flow rate"},
      {make_dimension(2, 0, -2), "specific energy"},
      {make_dimension(2, 0, -2, 0, -1), "specific heat capacity"},
      {make_dimension(2, 1, -2, 0, -1), "heat capacity"},
      {make_dimension(-2, -1, 3, 0, 1), "thermal resistance"},
      {make_dimension(2, 1, -3, 0, -1), "thermal conductance"},
      {make_dimension(1, 1, -3, 0, -1), "thermal conductivity"},
      {make_dimension(0, 1, -3, 0, -1), "heat transfer coefficient"},
      {make_dimension(0, 1, -3), "heat flux"},
      {make_dimension(-1, 1, -1), "dynamic viscosity"},
      {make_dimension(2, 0, -1), "kinematic viscosity"},
      {make_dimension(2, 1, 0), "moment of inertia"},
      {make_dimension(0, 0, -1, 0, 1), "temperature rate"},
      {make_dimension(2, 1, -3, -1, -1), "voltage per temperature"},
      {make_dimension(3, 1, -3, -2), "resistivity"},
      {make_dimension(-2, 0, 0, 1), "current density"},
      {make_dimension(-3, 0, 0, 0, 0, 1), "concentration"},
      {make_dimension(1, 1, -1), "momentum"},
  };
  for (const Named& named : names) {
    if (named.dimension == dimension) return named.name;
  }
  return "quantity of dimension " + dimension.to_string();
}

}  // namespace etsim::units
