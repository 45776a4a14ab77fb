// ResultsWriter speed, 50 signals (a typical electro-thermal vehicle recording).
//
//   BM_CopyRowBaseline       memcpy of one row (51 doubles) into a preallocated row-major buffer:
//                            the floor that append() is compared with.
//   BM_AppendBuffered        append() alone (buffer never flushed inside the timed region).
//   BM_AppendWithFlushes     append() with default options: buffer-full flushes (open, extend, shuffle +
//                            deflate, write, close) included, i.e. the sustained recording rate.
//   BM_Flush/<rows>/<level>  one flush of <rows> buffered rows at deflate level <level>.
//
// Rows per second are reported as items_per_second. Run e.g.
//   bench_io --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/results_writer.h"

namespace {

constexpr std::size_t kSignalCount = 50;

std::vector<etsim::io::RecordedSignal> make_signals() {
  std::vector<etsim::io::RecordedSignal> signals;
  for (std::size_t i = 0; i < kSignalCount; ++i) {
    signals.push_back({"component" + std::to_string(i / 5), "port.variable" + std::to_string(i), "W",
                       "bench signal"});
  }
  return signals;
}

std::string bench_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("etsim_bench_io_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

// Smooth, slowly varying values like a simulation's signals (they compress like real data, unlike noise).
void fill_row(std::size_t row, std::vector<double>* values) {
  const double time = 1e-3 * static_cast<double>(row);
  for (std::size_t i = 0; i < values->size(); ++i) {
    (*values)[i] = 300.0 + 10.0 * std::sin(0.5 * time + static_cast<double>(i));
  }
}

void BM_CopyRowBaseline(benchmark::State& state) {
  constexpr std::size_t kRows = 4096;
  std::vector<double> buffer(kRows * (kSignalCount + 1));
  std::vector<double> values(kSignalCount);
  fill_row(1, &values);
  std::size_t row = 0;
  double time = 0.0;
  for (auto _ : state) {
    double* target = buffer.data() + row * (kSignalCount + 1);
    target[0] = time;
    std::memcpy(target + 1, values.data(), kSignalCount * sizeof(double));
    benchmark::DoNotOptimize(target);
    benchmark::ClobberMemory();
    time += 1e-3;
    if (++row == kRows) row = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CopyRowBaseline);

void BM_AppendBuffered(benchmark::State& state) {
  const std::string path = bench_path("buffered.h5");
  etsim::io::ResultsOptions options;
  options.flush_interval_s = 1e9;
  options.buffer_rows = 1 << 16;
  auto writer = std::make_unique<etsim::io::ResultsWriter>(path, make_signals(), options,
                                                           std::map<std::string, std::string>{});
  std::vector<double> values(kSignalCount);
  fill_row(1, &values);
  std::size_t row = 0;
  for (auto _ : state) {
    writer->append(1e-3 * static_cast<double>(row++), values.data());
    benchmark::ClobberMemory();
    if (writer->rows_buffered() + 1 == options.buffer_rows) {
      state.PauseTiming();  // keep the flush out of the measurement; a fresh file keeps /tmp small
      writer.reset();  // one writer per path at a time (they would share the shadow file)
      writer = std::make_unique<etsim::io::ResultsWriter>(path, make_signals(), options,
                                                          std::map<std::string, std::string>{});
      row = 0;
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
  writer.reset();
  std::filesystem::remove(path);
}
BENCHMARK(BM_AppendBuffered);

void BM_AppendWithFlushes(benchmark::State& state) {
  const std::string path = bench_path("flushes.h5");
  const etsim::io::ResultsOptions options;  // defaults: 4096-row buffer, 1024-row chunks, deflate 4
  auto writer = std::make_unique<etsim::io::ResultsWriter>(path, make_signals(), options,
                                                           std::map<std::string, std::string>{});
  std::vector<std::vector<double>> rows(4096, std::vector<double>(kSignalCount));
  for (std::size_t row = 0; row < rows.size(); ++row) fill_row(row, &rows[row]);
  std::size_t row = 0;
  for (auto _ : state) {
    writer->append(1e-3 * static_cast<double>(row), rows[row % rows.size()].data());
    ++row;
    if (row == 1u << 20) {
      state.PauseTiming();
      writer.reset();  // one writer per path at a time (they would share the shadow file)
      writer = std::make_unique<etsim::io::ResultsWriter>(path, make_signals(), options,
                                                          std::map<std::string, std::string>{});
      row = 0;
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["flushes"] = static_cast<double>(writer->flush_count());
  writer.reset();
  std::filesystem::remove(path);
}
BENCHMARK(BM_AppendWithFlushes);

void BM_Flush(benchmark::State& state) {
  const auto rows_per_flush = static_cast<std::size_t>(state.range(0));
  const std::string path = bench_path("flush.h5");
  etsim::io::ResultsOptions options;
  options.flush_interval_s = 1e9;
  options.buffer_rows = 4096;
  options.deflate_level = static_cast<int>(state.range(1));
  auto writer = std::make_unique<etsim::io::ResultsWriter>(path, make_signals(), options,
                                                           std::map<std::string, std::string>{});
  std::vector<double> values(kSignalCount);
  std::size_t row = 0;
  for (auto _ : state) {
    state.PauseTiming();
    if (writer->rows_written() > 400000) {
      writer.reset();  // one writer per path at a time (they would share the shadow file)
      writer = std::make_unique<etsim::io::ResultsWriter>(path, make_signals(), options,
                                                          std::map<std::string, std::string>{});
      row = 0;
    }
    for (std::size_t i = 0; i < rows_per_flush; ++i, ++row) {
      fill_row(row, &values);
      writer->append(1e-3 * static_cast<double>(row), values.data());
    }
    state.ResumeTiming();
    writer->flush();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows_per_flush));
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  state.counters["raw_MB"] = static_cast<double>(writer->rows_written() * (kSignalCount + 1) * 8) / 1e6;
  writer.reset();
  std::filesystem::remove(path);
}
BENCHMARK(BM_Flush)->Args({1, 4})->Args({1024, 4})->Args({4096, 0})->Args({4096, 1})->Args({4096, 4})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
