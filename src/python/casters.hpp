#pragma once
// tokten::Date is datetime.date in Python (a "YYYY-MM-DD" string is accepted too).
#include <pybind11/pybind11.h>

#include "tokten/model/date.hpp"

namespace pybind11::detail {

template <>
struct type_caster<tokten::Date> {
  PYBIND11_TYPE_CASTER(tokten::Date, const_name("datetime.date"));

  bool load(handle source, bool) {
    if (isinstance<str>(source)) {
      const std::string text = source.cast<std::string>();
      auto parsed = tokten::parse_date(text);
      if (!parsed) throw value_error("expected a date as YYYY-MM-DD (years 1900-2999), got '" + text + "'");
      value = *parsed;
      return true;
    }
    const object date_type = module_::import("datetime").attr("date");
    if (!isinstance(source, date_type)) return false;
    const int y = source.attr("year").cast<int>();
    const unsigned m = source.attr("month").cast<unsigned>();
    const unsigned d = source.attr("day").cast<unsigned>();
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    value = tokten::Date{static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
    return true;
  }

  static handle cast(tokten::Date date, return_value_policy, handle) {
    const auto ymd = tokten::to_ymd(date);
    return module_::import("datetime")
        .attr("date")(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()))
        .release();
  }
};

}  // namespace pybind11::detail
