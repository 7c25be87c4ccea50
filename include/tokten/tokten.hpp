#pragma once
// Umbrella header: everything tokten offers. Include the narrower headers to compile less.
#include "tokten/version.hpp"
#include "tokten/error.hpp"

#include "tokten/model/scale.hpp"
#include "tokten/model/date.hpp"
#include "tokten/model/vocabulary.hpp"
#include "tokten/model/taxonomy.hpp"
#include "tokten/model/expert.hpp"
#include "tokten/model/institution.hpp"
#include "tokten/model/need.hpp"
#include "tokten/model/problem.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/validate.hpp"
#include "tokten/model/summary.hpp"

#include "tokten/io/parse.hpp"
#include "tokten/io/json_reader.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/io/policy_json.hpp"

#include "tokten/synth/random.hpp"
#include "tokten/synth/isced.hpp"
#include "tokten/synth/demo.hpp"

#include "tokten/score/policy.hpp"
#include "tokten/score/scoring_context.hpp"
#include "tokten/score/pair_score.hpp"
#include "tokten/score/candidates.hpp"
#include "tokten/score/explain.hpp"
