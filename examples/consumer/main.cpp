// A program outside tokten's tree: builds the demo planning round, round-trips it through the
// JSON contract and prints its summary.
#include <iostream>

#include <tokten/tokten.hpp>

int main() {
  const tokten::Problem problem = tokten::synth::demo_problem({.seed = 7});
  const tokten::Problem again = tokten::io::read_problem(tokten::io::write_problem(problem));
  if (!(again == problem)) {
    std::cerr << "round trip changed the problem\n";
    return 1;
  }
  std::cout << "tokten " << tokten::version << "\n" << tokten::format_summary(problem);
  return 0;
}
