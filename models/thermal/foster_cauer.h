// Conversion between the two RC-network forms of a thermal impedance (junction-to-reference).
//
// Foster (partial fractions, the form datasheets give):
//     Z(s) = sum_i R_i / (1 + s tau_i),                   step response  T(t) = P sum_i R_i (1 - e^{-t/tau_i})
// Cauer I (ladder, physically meaningful node temperatures): junction node 1 with capacitance C_1 to
// the reference, R_1 from node 1 to node 2, C_2 at node 2, ..., R_n from node n to the reference:
//     Z(s) = 1 / (s C_1 + 1 / (R_1 + 1 / (s C_2 + 1 / (R_2 + ... 1 / (s C_n + 1 / R_n)))))
// Both describe the same driving-point impedance; only the Cauer form may be chained with further
// thermal elements (case, cold plate), because its internal nodes are real temperatures.
//
// foster_to_cauer uses the Lanczos (Stieltjes) form of the continued-fraction expansion, which is
// far better conditioned than the polynomial long division: writing the Foster form as
// Z(s) = w^T (sI + Lambda)^-1 w with Lambda = diag(1/tau_i), w_i = sqrt(R_i / tau_i), Lanczos
// tridiagonalisation of Lambda started from w gives the symmetric tridiagonal K = C^-1/2 G C^-1/2 of
// the ladder (G its conductance matrix), from which C_k and R_k follow one by one.
// cauer_to_foster is the inverse: the eigen-decomposition of K.
#pragma once

#include <vector>

namespace etsim {

struct FosterNetwork {
  std::vector<double> resistance;     // [K/W] R_i > 0
  std::vector<double> time_constant;  // [s]   tau_i > 0
};

struct CauerNetwork {
  std::vector<double> resistance;   // [K/W] R_k: node k to node k+1 (the last one to the reference)
  std::vector<double> capacitance;  // [J/K] C_k at node k (node 0 = junction)
};

// Exact Foster -> Cauer I conversion. Terms with (relatively, 1e-9) equal time constants are merged
// first, since they are one pole; the result then has fewer stages. Throws etsim::InputError for
// empty, mismatched, non-positive or non-finite input, or if the expansion yields a non-positive
// element (which only happens when the input is numerically degenerate).
CauerNetwork foster_to_cauer(const FosterNetwork& foster);

// Exact Cauer I -> Foster conversion (eigen-decomposition). Terms are sorted by time constant,
// ascending. Throws etsim::InputError for invalid input.
FosterNetwork cauer_to_foster(const CauerNetwork& cauer);

// Junction temperature rise [K] at time t >= 0 after a power step `power` [W] applied at t = 0:
// P sum_i R_i (1 - exp(-t / tau_i)). Does not allocate or throw.
double foster_step_response(const FosterNetwork& foster, double power, double t);

// Total resistance sum_i R_i [K/W] (steady-state thermal impedance).
double total_resistance(const FosterNetwork& foster);
double total_resistance(const CauerNetwork& cauer);

// Throws InputError naming `what` unless the network is non-empty, sizes agree and every value is
// finite and positive.
void validate(const FosterNetwork& foster, const char* what);
void validate(const CauerNetwork& cauer, const char* what);

}  // namespace etsim
