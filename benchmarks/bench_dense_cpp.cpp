// A standalone timing harness for include/tokten/match/dense_assignment.hpp (no Python).
//
//   g++ -O3 -std=c++20 -I include benchmarks/bench_dense_cpp.cpp -o /tmp/bench_dense_cpp
//   /tmp/bench_dense_cpp [n] [reps] [family ...]
//   (environment: SHAPE=square or SHAPE=rect runs that shape only; SPARSIFY_MIN=0 disables
//   the sparsify-and-verify path, SPARSIFY_RECT=256 enables it on rectangles with at least 256
//   rows and columns, SPARSIFY_K and SPARSIFY_KCOL set the entries kept per row and column)
//
// Families: f64 f32 int100 intbig geo geo32, each square (n x n) and rectangle (n x 2n).
// Prints the median (and least) solve time (ms) per instance, and checks each result with
// verify_dense_assignment (the certificate) once.
#include <tokten/match/dense_assignment.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace tokten::match;

template <class T>
static void run(const char* fam, const std::vector<T>& c, std::ptrdiff_t n, std::ptrdiff_t m,
                int reps) {
  auto view = MatrixView<T>::row_major(c.data(), n, m);
  DenseOptions opt;
  if (const char* e = std::getenv("SPARSIFY_MIN")) opt.sparsify_min_size = std::atol(e);
  if (const char* e = std::getenv("SPARSIFY_RECT")) opt.sparsify_rect_min_size = std::atol(e);
  if (const char* e = std::getenv("SPARSIFY_K")) opt.sparsify_k = std::atoi(e);
  if (const char* e = std::getenv("SPARSIFY_KCOL")) opt.sparsify_kcol = std::atoi(e);
  std::vector<double> t;
  DenseAssignment r;
  for (int k = 0; k < reps; ++k) {
    auto t0 = std::chrono::steady_clock::now();
    r = solve_dense_assignment(view, Sense::minimize, opt);
    auto t1 = std::chrono::steady_clock::now();
    t.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(t.begin(), t.end());
  const auto rep = verify_dense_assignment(view, Sense::minimize, r);
  std::printf("%-8s %5td x %-5td %10.2f ms (min %.2f)  total %.10g %s\n", fam, n, m,
              t[t.size() / 2], t[0], r.total, rep.ok ? "ok" : rep.message.c_str());
}

int main(int argc, char** argv) {
  const std::ptrdiff_t n = argc > 1 ? std::atol(argv[1]) : 1000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  std::vector<std::string> fams;
  for (int a = 3; a < argc; ++a) fams.emplace_back(argv[a]);
  if (fams.empty()) fams = {"f64", "f32", "int100", "intbig", "geo", "geo32"};
  const char* only = std::getenv("SHAPE");  // "square" or "rect": that shape only
  for (int shape = 0; shape < 2; ++shape) {
    if (only && std::string(only) == (shape == 0 ? "rect" : "square")) continue;
    const std::ptrdiff_t m = shape == 0 ? n : 2 * n;
    const std::size_t sz = static_cast<std::size_t>(n * m);
    for (const auto& f : fams) {
      std::mt19937_64 rng(12345 + static_cast<unsigned>(n) + 7 * static_cast<unsigned>(m));
      std::uniform_real_distribution<double> U(0.0, 1.0);
      if (f == "f64" || f == "f32" || f == "geo" || f == "geo32") {
        std::vector<double> c(sz);
        if (f[0] == 'f') {
          for (auto& x : c) x = U(rng);
        } else {
          std::vector<double> px(n), py(n), qx(m), qy(m);
          for (auto& x : px) x = U(rng);
          for (auto& x : py) x = U(rng);
          for (auto& x : qx) x = U(rng);
          for (auto& x : qy) x = U(rng);
          for (std::ptrdiff_t i = 0; i < n; ++i)
            for (std::ptrdiff_t j = 0; j < m; ++j)
              c[i * m + j] = std::hypot(px[i] - qx[j], py[i] - qy[j]);
        }
        if (f == "f32" || f == "geo32") {
          std::vector<float> c32(c.begin(), c.end());
          run(f.c_str(), c32, n, m, reps);
        } else {
          run(f.c_str(), c, n, m, reps);
        }
      } else {
        const long long hi = f == "int100" ? 100 : 1000LL * n;
        std::uniform_int_distribution<long long> D(0, hi);
        std::vector<long long> c(sz);
        for (auto& x : c) x = D(rng);
        std::vector<std::int64_t> c64(c.begin(), c.end());
        run(f.c_str(), c64, n, m, reps);
      }
    }
  }
  return 0;
}
