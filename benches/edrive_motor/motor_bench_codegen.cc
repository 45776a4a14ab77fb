// Writes the compiled kernel of bench_edrive_motor's model (motor_bench_model.h) to argv[1].
#include <fstream>
#include <iostream>

#include "benches/edrive_motor/motor_bench_model.h"
#include "engine/exec/kernel_generator.h"

int main(int argc, char** argv) {
  using namespace etsim;
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUTPUT.cc\n";
    return 2;
  }
  const bench_motor::Drive drive;
  const Model model = bench_motor::network(drive).build();
  const std::string includes[] = {"benches/edrive_motor/motor_bench_model.h",
                                  "models/component_headers.h"};
  std::ofstream file(argv[1]);
  file << KernelGenerator::file_for_model(model, "bench_edrive_motor", "motor_bench_kernels", includes,
                                          "motor_bench_model.h");
  return file ? 0 : 1;
}
