// Coefficients of the four reference equations of state, as published. Values read from the
// original papers (cited per fluid); the machine-readable copies distributed with CoolProp
// (Bell et al., Ind. Eng. Chem. Res. 53 (2014) 2498, files dev/fluids/*.json) were used to read
// them and cross-checked against the papers' check values in tests/models/fluid/.
// Ancillary saturation curves are only start values for the exact phase equilibrium; they are the
// fits distributed with CoolProp (same source), not the EOS papers' own.

#include <cmath>

#include "models/fluid/fluid_model.h"

namespace etsim::fluid {

double Ancillary::evaluate(double T) const {
  const double theta = 1.0 - T / T_reducing;
  double sum = 0.0;
  if (theta > 0.0) {
    for (std::size_t i = 0; i < n.size(); ++i) sum += n[i] * std::pow(theta, t[i]);
  }
  const double factor = tau_factor ? T_reducing / T : 1.0;
  switch (kind) {
    case Kind::PressureExp:
    case Kind::DensityExp:
      return reducing * std::exp(factor * sum);
    case Kind::DensityPoly:
      return reducing * (1.0 + sum);
  }
  return reducing;
}

namespace {

using Kind = Ancillary::Kind;

// Power terms given as parallel lists (n, d, t, l), the way the papers tabulate them.
std::vector<PowerTerm> power_terms(const std::vector<double>& n, const std::vector<double>& d,
                                   const std::vector<double>& t, const std::vector<double>& l) {
  std::vector<PowerTerm> terms;
  for (std::size_t i = 0; i < n.size(); ++i) terms.push_back({n[i], d[i], t[i], l[i]});
  return terms;
}

// R744: R. Span, W. Wagner, "A New Equation of State for Carbon Dioxide Covering the Fluid Region
// from the Triple-Point Temperature to 1100 K at Pressures up to 800 MPa", J. Phys. Chem. Ref.
// Data 25 (1996) 1509-1596. Tables 27 (ideal part) and 31 (residual part).
FluidModel carbon_dioxide() {
  FluidModel f;
  f.name = "R744";
  f.aliases = {"r744", "co2", "carbondioxide", "carbon dioxide", "r-744"};
  f.molar_mass = 0.0440098;
  f.molar_gas_constant = 8.31451;
  f.T_c = 304.1282;
  f.p_c = 7.3773e6;
  f.rho_c = 467.6;
  f.T_reducing = f.T_c;
  f.rho_reducing = f.rho_c;
  f.T_triple = 216.592;
  f.T_max = 1100.0;
  f.p_max = 800e6;
  f.ideal.a1 = 8.37304456;
  f.ideal.a2 = -3.70454304;
  f.ideal.log_tau = 2.5;
  f.ideal.planck_einstein = {{1.99427042, 3.15163}, {0.62105248, 6.11190}, {0.41195293, 6.77708},
                             {1.04028922, 11.32384}, {0.08327678, 27.08792}};
  f.residual.power = power_terms(
      {0.388568232032, 2.93854759427, -5.5867188535, -0.767531995925, 0.317290055804,
       0.548033158978, 0.122794112203, 2.16589615432, 1.58417351097, -0.231327054055,
       0.0581169164314, -0.553691372054, 0.489466159094, -0.0242757398435, 0.0624947905017,
       -0.121758602252, -0.370556852701, -0.0167758797004, -0.11960736638, -0.0456193625088,
       0.0356127892703, -0.00744277271321, -0.00173957049024, -0.0218101212895, 0.0243321665592,
       -0.0374401334235, 0.143387157569, -0.134919690833, -0.0231512250535, 0.0123631254929,
       0.00210583219729, -0.000339585190264, 0.00559936517716, -0.000303351180556},
      {1, 1, 1, 1, 2, 2, 3, 1, 2, 4, 5, 5, 5, 6, 6, 6, 1, 1, 4, 4, 4, 7, 8, 2, 3, 3, 5, 5, 6, 7, 8, 10,
       4, 8},
      {0, 0.75, 1, 2, 0.75, 2, 0.75, 1.5, 1.5, 2.5, 0, 1.5, 2, 0, 1, 2, 3, 6, 3, 6, 8, 6, 0, 7, 12,
       16, 22, 24, 16, 24, 8, 2, 28, 14},
      {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4,
       5, 6});
  // {n, d, t, eta (alpha in the paper), epsilon, beta, gamma}
  f.residual.gaussian = {{-213.654886883, 2, 1, 25, 1, 325, 1.16},
                         {26641.5691493, 2, 0, 25, 1, 300, 1.19},
                         {-24027.2122046, 2, 1, 25, 1, 300, 1.19},
                         {-283.41603424, 3, 3, 15, 1, 275, 1.25},
                         {212.472844002, 3, 3, 20, 1, 275, 1.22}};
  // {n, a, b, beta, A, B, C, D}
  f.residual.non_analytic = {{-0.666422765408, 3.5, 0.875, 0.3, 0.7, 0.3, 10.0, 275.0},
                             {0.726086323499, 3.5, 0.925, 0.3, 0.7, 0.3, 10.0, 275.0},
                             {0.0550686686128, 3.0, 0.875, 0.3, 0.7, 1.0, 12.5, 275.0}};
  f.p_sat = {Kind::PressureExp, 7377300.0, 304.1282, true,
             {-5.867399337600407, -7.10969550015274, 11.022781986239263, 4.8260764050219995,
              -6.240803382557819, -6.7009642572439},
             {0.983, 1.322, 1.488, 2.807, 3.571, 1.941}};
  f.rho_liquid = {Kind::DensityPoly, 467.6, 304.1282, false,
                  {0.861951794789174, 5.535795098719573, -21.766373764605415, 20.01416999278327,
                   -2.2218647220786862, 888.2387848519858},
                  {0.264, 0.672, 0.986, 1.092, 1.714, 9.902}};
  f.rho_vapor = {Kind::DensityExp, 467.6, 304.1282, true,
                 {-1.1635587811569494, -3.64216164754343, 2.7773118075713237, -3.2573848494624533,
                  -1.9739104682508852, -16.057319994659142},
                 {0.306, 0.569, 0.677, 0.891, 3.206, 6.093}};
  f.surface_tension_T_c = 304.13;
  f.surface_tension_sigma = {0.07863};
  f.surface_tension_n = {1.254};
  f.transport = TransportModel::CarbonDioxide;
  return f;
}

// R134a: R. Tillner-Roth, H. D. Baehr, "An International Standard Formulation for the
// Thermodynamic Properties of 1,1,1,2-Tetrafluoroethane (HFC-134a) for Temperatures from 170 K to
// 455 K and Pressures up to 70 MPa", J. Phys. Chem. Ref. Data 23 (1994) 657-729. Tables 8 and 9.
FluidModel r134a() {
  FluidModel f;
  f.name = "R134a";
  f.aliases = {"r134a", "r-134a", "hfc134a", "hfc-134a", "1,1,1,2-tetrafluoroethane"};
  f.molar_mass = 0.102032;
  f.molar_gas_constant = 8.314471;
  f.T_c = 374.18;
  f.p_c = 4.05629e6;
  f.rho_c = 508.0;
  f.T_reducing = f.T_c;
  f.rho_reducing = f.rho_c;
  f.T_triple = 169.85;
  f.T_max = 455.0;
  f.p_max = 70e6;
  f.ideal.a1 = -1.019535;
  f.ideal.a2 = 9.047135;
  f.ideal.log_tau = -1.629789;
  f.ideal.power = {{-9.723916, -0.5}, {-3.927170, -0.75}};
  f.residual.power = power_terms(
      {0.5586817e-1, 0.4982230, 0.2458698e-1, 0.8570145e-3, 0.4788584e-3, -0.1800808e1, 0.2671641,
       -0.4781652e-1, 0.1423987e-1, 0.3324062, -0.7485907e-2, 0.1017263e-3, -0.5184567,
       -0.8692288e-1, 0.2057144, -0.5000457e-2, 0.4603262e-3, -0.3497836e-2, 0.6995038e-2,
       -0.1452184e-1, -0.1285458e-3},
      {2, 1, 3, 6, 6, 1, 1, 2, 5, 2, 2, 4, 1, 4, 1, 2, 4, 1, 5, 3, 10},
      {-0.5, 0, 0, 0, 1.5, 1.5, 2, 2, 1, 3, 5, 1, 5, 5, 6, 10, 10, 10, 18, 22, 50},
      {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4});
  f.p_sat = {Kind::PressureExp, 4059280.0, 374.21, true,
             {0.4331478287291047, -9.090302559074352, 2.1476074125217703, -1.557687007603464,
              -3.5020328972698604, 14.958442337201044},
             {0.845, 0.99, 1.14, 2.651, 4.507, 17.235}};
  f.rho_liquid = {Kind::DensityPoly, 5017.053 * 0.102032, 374.21, false,
                  {18.772731940930015, -51.49939472178225, 40.793536440596085, -1481.6500471538966,
                   1600.534434298925, -67338.52423732559},
                  {0.673, 0.994, 1.257, 5.783, 5.943, 19.94}};
  f.rho_vapor = {Kind::DensityExp, 5017.053 * 0.102032, 374.21, true,
                 {-5.147386240766544, 5.34618043286371, -7.611015272838434, -28.85436432788653,
                  -9.079306067130748, 64.0},
                 {0.476, 0.966, 1.321, 8.491, 13.463, 13.463}};
  f.surface_tension_T_c = 374.18;
  f.surface_tension_sigma = {0.05801};
  f.surface_tension_n = {1.241};
  f.transport = TransportModel::R134a;
  return f;
}

// R1234yf: M. Richter, M. O. McLinden, E. W. Lemmon, "Thermodynamic Properties of
// 2,3,3,3-Tetrafluoroprop-1-ene (R1234yf): Vapor Pressure and p-rho-T Measurements and an
// Equation of State", J. Chem. Eng. Data 56 (2011) 3254-3264. Tables 5 and 6.
FluidModel r1234yf() {
  FluidModel f;
  f.name = "R1234yf";
  f.aliases = {"r1234yf", "r-1234yf", "hfo1234yf", "hfo-1234yf"};
  f.molar_mass = 0.1140415928;
  f.molar_gas_constant = 8.314472;
  f.T_c = 367.85;
  f.p_c = 3.3822e6;
  f.rho_c = 4.17e3 * 0.1140415928;  // 4.17 mol/dm^3
  f.T_reducing = f.T_c;
  f.rho_reducing = f.rho_c;
  f.T_triple = 220.0;  // lower limit of the EOS (paper: validity from 220 K)
  f.T_max = 410.0;
  f.p_max = 30e6;
  f.ideal.a1 = -12.837928;
  f.ideal.a2 = 8.042605;
  f.ideal.log_tau = 4.944;  // c0 - 1 with c0 = 5.944
  f.ideal.planck_einstein = {{7.549, 718.0 / 367.85}, {1.537, 877.0 / 367.85},
                             {2.030, 4465.0 / 367.85}, {7.455, 1755.0 / 367.85}};
  f.residual.power = power_terms(
      {0.04592563, 1.546958, -2.355237, -0.4827835, 0.1758022, -1.210006, -0.6177084, 0.6805262,
       -0.6968555, -0.02695779},
      {4, 1, 1, 2, 3, 1, 3, 2, 2, 7}, {1, 0.32, 0.929, 0.94, 0.38, 2.28, 1.76, 0.97, 2.44, 1.05},
      {0, 0, 0, 0, 0, 2, 2, 1, 2, 1});
  f.residual.gaussian = {{1.389966, 1, 1.4, 1.02, 0.712, 1.42, 1.13},
                         {-0.4777136, 1, 3.0, 1.336, 0.910, 2.31, 0.67},
                         {-0.1975184, 3, 3.5, 1.055, 0.677, 0.89, 0.46},
                         {-1.147646, 3, 1.0, 5.84, 0.718, 80.0, 1.28},
                         {0.0003428541, 2, 3.5, 16.2, 1.64, 108.0, 1.2}};
  f.p_sat = {Kind::PressureExp, 3382200.0, 367.85, true,
             {-6.127206406335995, -0.9044431324757645, 2.0918728211333275, -3.396385591501546,
              -1.9071219386505223, -47.15549606822473},
             {0.978, 1.128, 1.875, 2.579, 5.3, 12.869}};
  f.rho_liquid = {Kind::DensityPoly, 4170.0 * 0.1140415928, 367.85, false,
                  {2.321825326575359, -3.520638555089873, 20.18646332917161, -160.37050775728997,
                   147.68109685289284, -63578.64918999199},
                  {0.365, 1.247, 1.765, 2.484, 2.593, 16.586}};
  f.rho_vapor = {Kind::DensityExp, 4170.0 * 0.1140415928, 367.85, true,
                 {-3.24158284550283, 2.612924555839616, -26.216566273272992, 115.70400813769207,
                  -101.3078910128961, 9.031472717572315},
                 {0.398, 0.952, 1.466, 2.053, 2.242, 4.989}};
  f.surface_tension_T_c = 367.85;
  f.surface_tension_sigma = {0.06274};
  f.surface_tension_n = {1.394};
  f.transport = TransportModel::R1234yf;
  return f;
}

// R290: E. W. Lemmon, M. O. McLinden, W. Wagner, "Thermodynamic Properties of Propane. III. A
// Reference Equation of State for Temperatures from the Melting Line to 650 K and Pressures up to
// 1000 MPa", J. Chem. Eng. Data 54 (2009) 3141-3180. Tables 3 and 4.
FluidModel propane() {
  FluidModel f;
  f.name = "R290";
  f.aliases = {"r290", "r-290", "propane", "n-propane", "c3h8"};
  f.molar_mass = 0.04409562;
  f.molar_gas_constant = 8.314472;
  f.T_c = 369.89;
  f.p_c = 4.2512e6;
  f.rho_c = 5.0e3 * 0.04409562;  // 5.00 mol/dm^3
  f.T_reducing = f.T_c;
  f.rho_reducing = f.rho_c;
  f.T_triple = 85.525;
  f.T_max = 650.0;
  f.p_max = 1000e6;
  f.ideal.a1 = -4.970583;
  f.ideal.a2 = 4.29352;
  f.ideal.log_tau = 3.0;
  f.ideal.planck_einstein = {{3.043, 1.062478}, {5.874, 3.344237}, {9.337, 5.363757},
                             {7.922, 11.762957}};
  f.residual.power = power_terms(
      {0.042910051, 1.7313671, -2.4516524, 0.34157466, -0.46047898, -0.66847295, 0.20889705,
       0.19421381, -0.22917851, -0.60405866, 0.066680654},
      {4, 1, 1, 2, 2, 1, 3, 6, 6, 2, 3}, {1, 0.33, 0.8, 0.43, 0.9, 2.46, 2.09, 0.88, 1.09, 3.25, 4.62},
      {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2});
  f.residual.gaussian = {{0.017534618, 1, 0.76, 0.963, 1.283, 2.33, 0.684},
                         {0.33874242, 1, 2.5, 1.977, 0.6936, 3.47, 0.829},
                         {0.22228777, 1, 2.75, 1.917, 0.788, 3.15, 1.419},
                         {-0.23219062, 2, 3.05, 2.307, 0.473, 3.19, 0.817},
                         {-0.09220694, 2, 2.55, 2.546, 0.8577, 0.92, 1.5},
                         {-0.47575718, 4, 8.4, 3.28, 0.271, 18.8, 1.426},
                         {-0.017486824, 1, 6.75, 14.6, 0.948, 547.8, 1.093}};
  f.p_sat = {Kind::PressureExp, 4251200.0, 369.89, true,
             {-23.998635747391152, 18.313017605233238, -0.42240851966839504, -2.7378298813798962,
              0.257888414168987, -1.3113462226130785},
             {1.05, 1.084, 2.259, 4.287, 7.66, 18.584}};
  f.rho_liquid = {Kind::DensityPoly, 5000.0 * 0.04409562, 369.89, false,
                  {2.104068052280433, 0.3371892411622086, 0.4401223810964251, -3.5679018989260567,
                   59.93889697061387, -70.9402469085883},
                  {0.368, 0.875, 3.009, 9.51, 15.381, 17.001}};
  f.rho_vapor = {Kind::DensityExp, 5000.0 * 0.04409562, 369.89, true,
                 {-3.401360845132903, -1.9443653795380451, -0.4101211459709529, -15.598374206544214,
                  15.844867806184942, -15.298907422332046},
                 {0.431, 1.339, 2.091, 6.822, 8.214, 19.706}};
  f.surface_tension_T_c = 369.89;
  f.surface_tension_sigma = {0.05334, -0.01748};
  f.surface_tension_n = {1.235, 4.404};
  return f;
}

}  // namespace

std::vector<FluidModel> make_fluid_models() {
  std::vector<FluidModel> models = {r1234yf(), r134a(), propane(), carbon_dioxide()};
  for (FluidModel& model : models) model.R = model.molar_gas_constant / model.molar_mass;
  return models;
}

}  // namespace etsim::fluid
