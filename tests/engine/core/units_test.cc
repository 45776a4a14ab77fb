#include "engine/core/units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "engine/core/error.h"


namespace etsim::units {
namespace {

constexpr double kPi = std::numbers::pi;

// Relative comparison: conversion factors are exact definitions, so only rounding remains.
void expect_si(const char* text, const char* expected_unit, double expected) {
  SCOPED_TRACE(std::string(text) + " as " + expected_unit);
  const double value = to_si(text, expected_unit);
  EXPECT_NEAR(value, expected, 1e-12 * std::max(1.0, std::abs(expected)));
}

std::string message_of(const char* text, const char* expected_unit) {
  try {
    to_si(text, expected_unit);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError for '" << text << "' as " << expected_unit;
  return "";
}

std::string parse_unit_message(const char* text) {
  try {
    parse_unit(text);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError for unit '" << text << "'";
  return "";
}

TEST(Units, BaseAndDerivedSiUnitsWithPrefixes) {
  expect_si("400 V", "V", 400.0);
  expect_si("3.2 mOhm", "Ohm", 3.2e-3);
  expect_si("20 mOhm", "ohm", 0.02);
  expect_si("10 k\xCE\xA9", "Ohm", 1e4);        // kΩ, Greek omega
  expect_si("1 \xE2\x84\xA6", "Ohm", 1.0);      // Ω, ohm sign
  expect_si("250 kW", "W", 2.5e5);
  expect_si("1.5 GW", "W", 1.5e9);
  expect_si("2 \xC2\xB5H", "H", 2e-6);          // µH, micro sign
  expect_si("2 \xCE\xBCH", "H", 2e-6);          // μH, Greek mu
  expect_si("3 uF", "F", 3e-6);
  expect_si("10 nF", "F", 1e-8);
  expect_si("5 pF", "F", 5e-12);
  expect_si("1 mS", "S", 1e-3);
  expect_si("1 ms", "s", 1e-3);
  expect_si("1 kg", "kg", 1.0);
  expect_si("1 g", "kg", 1e-3);
  expect_si("5 mg", "kg", 5e-6);
  expect_si("2 km", "m", 2000.0);
  expect_si("7 cm", "m", 0.07);
  expect_si("3 mm", "m", 3e-3);
  expect_si("2 mol", "mol", 2.0);
  expect_si("1 cd", "cd", 1.0);
  expect_si("1.2 kA", "A", 1200.0);
  expect_si("1 MPa", "Pa", 1e6);
  expect_si("4 Wb", "Wb", 4.0);
  expect_si("0.8 mT", "T", 8e-4);
  expect_si("10 kHz", "Hz", 1e4);
  expect_si("3 C", "C", 3.0);
  expect_si("5 kJ", "J", 5000.0);
  expect_si("50 N", "N", 50.0);
}

TEST(Units, AbsoluteTemperaturesHaveOffsets) {
  expect_si("-7 degC", "K", 266.15);
  expect_si("25 \xC2\xB0" "C", "K", 298.15);  // °C
  expect_si("98.6 degF", "K", 310.15);         // (98.6 - 32) * 5/9 + 273.15
  expect_si("-40 degF", "degC", 233.15);       // -40 °F = -40 °C
  expect_si("300 K", "K", 300.0);
  // A bare number is in the expected unit, offset included.
  expect_si("25", "degC", 298.15);
  EXPECT_DOUBLE_EQ(parse_unit("degC").offset, 273.15);
  // Inside a compound unit an absolute temperature is a difference: no offset.
  EXPECT_EQ(parse_unit("J/(kg*degC)").offset, 0.0);
  EXPECT_EQ(parse_unit("degC^2").offset, 0.0);
  expect_si("4.18 kJ/(kg*degC)", "J/(kg*K)", 4180.0);
  expect_si("2 W/degF", "W/K", 2.0 * 9.0 / 5.0);
}

TEST(Units, EngineeringUnits) {
  expect_si("90bar", "Pa", 9e6);
  expect_si("250 mbar", "Pa", 2.5e4);
  expect_si("1 atm", "Pa", 101325.0);
  expect_si("1 psi", "Pa", 6894.757293168361);  // NIST SP 811 B.8: 6.894 757 E+03
  expect_si("120 L/min", "m^3/s", 0.002);
  expect_si("500 mL", "m^3", 5e-4);
  expect_si("2 l", "m3", 2e-3);
  expect_si("3 m3/h", "m^3/s", 3.0 / 3600.0);
  expect_si("1e-3 m^3/s", "m3/s", 1e-3);
  expect_si("0.065 K/W", "K/W", 0.065);
  expect_si("300 kJ/kg", "J/kg", 3e5);
  expect_si("4.18 kJ/(kg*K)", "J/(kg*K)", 4180.0);
  expect_si("4.18 kJ/kg/K", "J/(kg*K)", 4180.0);  // left to right: a/b/c = a/(b*c)
  expect_si("1500 W/(m^2*K)", "W/(m2*K)", 1500.0);
  expect_si("20 J/K", "J/K", 20.0);
  expect_si("1.2 kg/m^3", "kg/m^3", 1.2);
  expect_si("9.81 m/s^2", "m/s^2", 9.81);
  expect_si("5 1/s", "Hz", 5.0);
  expect_si("5 s^-1", "1/s", 5.0);
  expect_si("3000 rpm", "rad/s", 3000.0 * 2.0 * kPi / 60.0);
  expect_si("90 deg", "rad", kPi / 2.0);
  expect_si("90 \xC2\xB0", "rad", kPi / 2.0);
  expect_si("2 mrad", "rad", 2e-3);
  expect_si("50 %", "1", 0.5);
  expect_si("50 percent", "", 0.5);
  expect_si("60 kWh", "J", 2.16e8);
  expect_si("100 Ah", "C", 3.6e5);
  expect_si("5 mAh", "C", 18.0);
  expect_si("100 km/h", "m/s", 100.0 / 3.6);
  expect_si("100 kph", "m/s", 100.0 / 3.6);
  expect_si("60 mph", "m/s", 26.8224);  // 1 mile = 1609.344 m exactly
  expect_si("250 N*m", "J", 250.0);
  expect_si("250 N.m", "N*m", 250.0);
  expect_si("250 Nm", "N m", 250.0);
  expect_si("1.5 kNm", "J", 1500.0);
  expect_si("2 min", "s", 120.0);
  expect_si("1.5 h", "s", 5400.0);
  expect_si("1 m\xC2\xB2", "m^2", 1.0);  // m²
  expect_si("2 dm\xC2\xB3", "L", 2e-3);  // dm³
  expect_si("0.02 kg*m^2", "kg*m^2", 0.02);
  expect_si("  +1.5e2   W  ", "W", 150.0);
}

TEST(Units, ParseUnitAndQuantity) {
  const Unit watt = parse_unit("W");
  EXPECT_EQ(watt.dimension.to_string(), "kg*m^2*s^-3");
  EXPECT_EQ(parse_unit("").dimension.to_string(), "1");
  EXPECT_TRUE(parse_unit("1").dimension.is_dimensionless());
  EXPECT_TRUE(parse_unit("rad").dimension.is_dimensionless());
  EXPECT_EQ(parse_unit("(m/s)^2").dimension.to_string(), "m^2*s^-2");
  EXPECT_DOUBLE_EQ(parse_unit("km/h").scale, 1000.0 / 3600.0);
  const Unit fahrenheit = parse_unit("degF");
  EXPECT_NEAR(fahrenheit.from_si(fahrenheit.to_si(212.0)), 212.0, 1e-12);
  EXPECT_NEAR(fahrenheit.to_si(212.0), 373.15, 1e-12);

  const Quantity power = parse_quantity("250 kW");
  EXPECT_DOUBLE_EQ(power.value, 2.5e5);
  EXPECT_EQ(power.dimension, watt.dimension);
  EXPECT_TRUE(parse_quantity("7").dimension.is_dimensionless());

  EXPECT_TRUE(compatible("N*m", "J"));
  EXPECT_TRUE(compatible("rpm", "Hz"));
  EXPECT_TRUE(compatible("kWh", "J"));
  EXPECT_FALSE(compatible("W", "J"));
  EXPECT_FALSE(compatible("K", "K/W"));
}

TEST(Units, DescribeNamesCommonDimensions) {
  EXPECT_EQ(describe(parse_unit("kW").dimension), "power");
  EXPECT_EQ(describe(parse_unit("degC").dimension), "temperature");
  EXPECT_EQ(describe(parse_unit("K/W").dimension), "thermal resistance");
  EXPECT_EQ(describe(parse_unit("W/(m^2*K)").dimension), "heat transfer coefficient");
  EXPECT_EQ(describe(parse_unit("kJ/(kg*K)").dimension), "specific heat capacity");
  EXPECT_EQ(describe(parse_unit("L/min").dimension), "volume flow rate");
  EXPECT_EQ(describe(parse_unit("kg*m").dimension), "quantity of dimension kg*m");
}

TEST(Units, DimensionMismatchNamesBothSides) {
  EXPECT_EQ(message_of("3 kg", "W"), "'3 kg' is a mass, expected a power [W]");
  EXPECT_EQ(message_of("25 degC", "W/K"),
            "'25 degC' is a temperature, expected a thermal conductance [W/K]");
  EXPECT_EQ(message_of("1 A", "Ohm"), "'1 A' is an electric current, expected a resistance [Ohm]");
}

TEST(Units, UnknownUnitSuggestsClosest) {
  const std::string message = message_of("3 kgg", "kg");
  EXPECT_NE(message.find("unknown unit 'kgg'"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'kg'?"), std::string::npos) << message;
  EXPECT_NE(message.find("expected a mass [kg]"), std::string::npos) << message;

  const std::string ohm = parse_unit_message("mOhn");
  EXPECT_NE(ohm.find("unknown unit 'mOhn'"), std::string::npos) << ohm;
  EXPECT_NE(ohm.find("did you mean 'mOhm'?"), std::string::npos) << ohm;

  // Units that take no prefix are not silently prefixed: "kh" is not a kilo-hour.
  EXPECT_NE(parse_unit_message("kh").find("unknown unit 'kh'"), std::string::npos);
  EXPECT_NE(parse_unit_message("kdegC").find("unknown unit 'kdegC'"), std::string::npos);
}

TEST(Units, BadNumbersAndSyntax) {
  EXPECT_NE(message_of("abc V", "V").find("expected a number"), std::string::npos);
  EXPECT_NE(message_of("", "V").find("empty quantity"), std::string::npos);
  EXPECT_NE(message_of("nan V", "V").find("bad quantity 'nan V'"), std::string::npos);
  EXPECT_NE(message_of("inf W", "W").find("bad quantity"), std::string::npos);
  EXPECT_NE(message_of("1e999 W", "W").find("out of range"), std::string::npos);
  EXPECT_NE(message_of("1e300 GW", "W").find("out of range"), std::string::npos);
  EXPECT_NE(parse_unit_message("m^").find("expected an integer exponent"), std::string::npos);
  EXPECT_NE(parse_unit_message("(m/s").find("missing ')'"), std::string::npos);
  EXPECT_NE(parse_unit_message("m/s)").find("unbalanced ')'"), std::string::npos);
  EXPECT_NE(parse_unit_message("m//s").find("unexpected '/'"), std::string::npos);
  EXPECT_NE(parse_unit_message("m/").find("missing unit after '/'"), std::string::npos);
  EXPECT_NE(parse_unit_message("m^1000").find("exponent out of range"), std::string::npos);
  EXPECT_NE(parse_unit_message("(m^90)^90").find("exponent out of range"), std::string::npos);
  EXPECT_NE(parse_unit_message("m#").find("unexpected '#'"), std::string::npos);
  EXPECT_NE(parse_unit_message("m^0").find("exponent 0"), std::string::npos);
  std::string deep(200, '(');
  deep += "m" + std::string(200, ')');
  EXPECT_NE(parse_unit_message(deep.c_str()).find("nested too deeply"), std::string::npos);
  // Every message says what form was expected.
  EXPECT_NE(parse_unit_message("m//s").find("expected a unit expression"), std::string::npos);
}

// Any text gives a finite value or an InputError: never another exception, NaN or a hang.
TEST(Units, RandomTextNeverCrashes) {
  const std::string alphabet = "0123456789.eE+-*/^() %kmMGunpcdVWAKgsNJlLhrpt\xC2\xB5\xB0\xCE\xA9";
  std::mt19937 random(2026);
  int values = 0;
  int errors = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    try {
      const Quantity quantity = parse_quantity(text);
      ASSERT_TRUE(std::isfinite(quantity.value)) << text;
      ++values;
    } catch (const InputError&) {
      ++errors;
    } catch (const std::exception& error) {
      FAIL() << "'" << text << "': " << error.what();
    }
  }
  EXPECT_GT(values, 100);
  EXPECT_GT(errors, 1000);
}

}  // namespace
}  // namespace etsim::units
