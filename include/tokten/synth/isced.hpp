#pragma once
// Data: part of the ISCED-F 2013 fields of education and training (UNESCO), as a three-level
// skill taxonomy (broad 2-digit, narrow 3-digit, detailed 4-digit codes). The demo programme
// uses it; real rounds load their own taxonomy from their Problem document.
#include <string_view>

#include "tokten/model/taxonomy.hpp"

namespace tokten::synth {

inline constexpr std::string_view kIscedFields[][2] = {
    {"01", "Education"},
    {"011", "Education"},
    {"0111", "Education science"},
    {"0112", "Training for pre-school teachers"},
    {"0113", "Teacher training without subject specialisation"},
    {"0114", "Teacher training with subject specialisation"},
    {"02", "Arts and humanities"},
    {"022", "Humanities"},
    {"0222", "History and archaeology"},
    {"0223", "Philosophy and ethics"},
    {"023", "Languages"},
    {"0231", "Language acquisition"},
    {"0232", "Literature and linguistics"},
    {"03", "Social sciences, journalism and information"},
    {"031", "Social and behavioural sciences"},
    {"0311", "Economics"},
    {"0312", "Political sciences and civics"},
    {"0314", "Sociology and cultural studies"},
    {"032", "Journalism and information"},
    {"0321", "Journalism and reporting"},
    {"04", "Business, administration and law"},
    {"041", "Business and administration"},
    {"0411", "Accounting and taxation"},
    {"0412", "Finance, banking and insurance"},
    {"0413", "Management and administration"},
    {"0414", "Marketing and advertising"},
    {"042", "Law"},
    {"0421", "Law"},
    {"05", "Natural sciences, mathematics and statistics"},
    {"051", "Biological and related sciences"},
    {"0511", "Biology"},
    {"0512", "Biochemistry"},
    {"052", "Environment"},
    {"0521", "Environmental sciences"},
    {"053", "Physical sciences"},
    {"0531", "Chemistry"},
    {"0532", "Earth sciences"},
    {"0533", "Physics"},
    {"054", "Mathematics and statistics"},
    {"0541", "Mathematics"},
    {"0542", "Statistics"},
    {"06", "Information and Communication Technologies"},
    {"061", "Information and Communication Technologies"},
    {"0611", "Computer use"},
    {"0612", "Database and network design and administration"},
    {"0613", "Software and applications development and analysis"},
    {"07", "Engineering, manufacturing and construction"},
    {"071", "Engineering and engineering trades"},
    {"0711", "Chemical engineering and processes"},
    {"0712", "Environmental protection technology"},
    {"0713", "Electricity and energy"},
    {"0714", "Electronics and automation"},
    {"0715", "Mechanics and metal trades"},
    {"072", "Manufacturing and processing"},
    {"0721", "Food processing"},
    {"0724", "Mining and extraction"},
    {"073", "Architecture and construction"},
    {"0731", "Architecture and town planning"},
    {"0732", "Building and civil engineering"},
    {"08", "Agriculture, forestry, fisheries and veterinary"},
    {"081", "Agriculture"},
    {"0811", "Crop and livestock production"},
    {"0812", "Horticulture"},
    {"082", "Forestry"},
    {"0821", "Forestry"},
    {"083", "Fisheries"},
    {"0831", "Fisheries"},
    {"084", "Veterinary"},
    {"0841", "Veterinary"},
    {"09", "Health and welfare"},
    {"091", "Health"},
    {"0911", "Dental studies"},
    {"0912", "Medicine"},
    {"0913", "Nursing and midwifery"},
    {"0914", "Medical diagnostic and treatment technology"},
    {"0915", "Therapy and rehabilitation"},
    {"0916", "Pharmacy"},
    {"0917", "Traditional and complementary medicine and therapy"},
    {"092", "Welfare"},
    {"0923", "Social work and counselling"},
    {"10", "Services"},
    {"102", "Hygiene and occupational health services"},
    {"1021", "Community sanitation"},
    {"104", "Transport services"},
    {"1041", "Transport services"},
};

/// Skill id of an ISCED-F code: "isced:0912".
inline std::string isced_id(std::string_view code) { return "isced:" + std::string(code); }

/// The table above as a Taxonomy; a code's parent is the code without its last digit
/// (broad fields, two digits, are roots).
inline Taxonomy isced_taxonomy() {
  Taxonomy taxonomy;
  for (const auto& [code, name] : kIscedFields) {
    Skill skill{isced_id(code), std::string(name), std::nullopt};
    if (code.size() > 2) skill.parent = isced_id(code.substr(0, code.size() - 1));
    taxonomy.skills.push_back(std::move(skill));
  }
  return taxonomy;
}

}  // namespace tokten::synth
